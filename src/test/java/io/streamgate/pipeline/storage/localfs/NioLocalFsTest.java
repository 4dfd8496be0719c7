package io.streamgate.pipeline.storage.localfs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** What Spark's checkpoint manager does with FileContext: create with permissions, then rename over. */
class NioLocalFsTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void createsWithThePermissionsAskedForAndRenamesAtomically() throws Exception {
        Configuration conf = new Configuration();
        NioLocalFileSystem.HADOOP_SETTINGS.forEach(conf::set);
        FileContext files = FileContext.getFileContext(dir.toUri(), conf);
        assertThat(files.getDefaultFileSystem()).isInstanceOf(NioLocalFs.class);

        Path temp = new Path(dir.resolve(".0.tmp").toUri());
        Path target = new Path(dir.resolve("0").toUri());
        Files.writeString(dir.resolve("0"), "old");
        try (FSDataOutputStream out = files.create(temp, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
                Options.CreateOpts.perms(new FsPermission((short) 0640)))) {
            out.write("v1\n{}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".0.tmp"))))
                .isEqualTo("rw-r-----");

        files.rename(temp, target, Options.Rename.OVERWRITE);

        assertThat(Files.readString(dir.resolve("0"))).isEqualTo("v1\n{}");
        assertThat(dir.resolve(".0.tmp")).doesNotExist();
    }
}
