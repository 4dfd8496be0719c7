package io.streamgate.pipeline.storage.localfs;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's local file system, but setting permissions and reading link status with java.nio.
 * Without Hadoop's native library, {@link RawLocalFileSystem} forks a {@code chmod} for every file
 * it creates and a {@code readlink} for every rename, and Spark creates and renames several files
 * per micro-batch (offset log, commit log, their checksums, sink files): the forks made up most of
 * each batch's {@code walCommit} and {@code commitOffsets} (docs/benchmark.md).
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {

    /** A rename asks for both sides' link status; for plain files that needs no forked {@code readlink}. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
        if (Files.isSymbolicLink(pathToFile(f).toPath())) {
            return super.getFileLinkStatus(f);
        }
        return getFileStatus(f);
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        java.nio.file.Path file = pathToFile(p).toPath();
        try {
            Files.setPosixFilePermissions(file, posix(permission));
        } catch (UnsupportedOperationException notPosix) {
            super.setPermission(p, permission);
        }
    }

    private static Set<PosixFilePermission> posix(FsPermission permission) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
        add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        return set;
    }

    private static void add(Set<PosixFilePermission> set, FsAction action,
                            PosixFilePermission read, PosixFilePermission write, PosixFilePermission execute) {
        if (action.implies(FsAction.READ)) {
            set.add(read);
        }
        if (action.implies(FsAction.WRITE)) {
            set.add(write);
        }
        if (action.implies(FsAction.EXECUTE)) {
            set.add(execute);
        }
    }
}
