package io.streamgate.pipeline.storage.localfs;

import org.apache.hadoop.fs.LocalFileSystem;

/** {@code file:} through Hadoop's {@code FileSystem} API (e.g. Spark's file sink), without forking chmod. */
public class NioLocalFileSystem extends LocalFileSystem {

    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }
}
