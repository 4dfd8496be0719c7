package io.streamgate.pipeline.storage.localfs;

import org.apache.hadoop.fs.LocalFileSystem;

import java.util.Map;

/** {@code file:} through Hadoop's {@code FileSystem} API (e.g. Spark's file sink), without forking chmod. */
public class NioLocalFileSystem extends LocalFileSystem {

    /** The Hadoop settings that put {@code file:} through these classes, by both of Hadoop's file APIs. */
    public static final Map<String, String> HADOOP_SETTINGS = Map.of(
            "fs.file.impl", NioLocalFileSystem.class.getName(),
            "fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName(),
            "fs.file.impl.disable.cache", "true");

    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }
}
