package io.streamgate.pipeline.storage;

import io.streamgate.pipeline.spark.SparkProperties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.stereotype.Component;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where checkpoints and the archive live, as Spark sees them: a Hadoop URI ({@code file:}, {@code hdfs:},
 * {@code s3a:} …), and the few small files the app keeps beside its checkpoints, written through the
 * same Hadoop file systems so that they live wherever the checkpoints do.
 */
@Component
public class Storage {

    private static final String SPARK_HADOOP_PREFIX = "spark.hadoop.";
    /** Spark's checkpoint and sink logs name each batch's file by its id; a compacted one ends in ".compact". */
    private static final Pattern BATCH_FILE = Pattern.compile("(\\d+)(\\.compact)?");

    private final Configuration hadoop = new Configuration();

    /** With the {@code spark.hadoop.*} settings the SparkSession gets, e.g. an object store's credentials. */
    public Storage(SparkProperties spark) {
        spark.config().forEach((name, value) -> {
            if (name.startsWith(SPARK_HADOOP_PREFIX)) {
                hadoop.set(name.substring(SPARK_HADOOP_PREFIX.length()), value);
            }
        });
    }

    /** A configured location: a URI with a scheme as it is, a plain path as an absolute {@code file:} URI. */
    public static URI location(String configured) {
        URI uri = URI.create(configured.strip().replace(" ", "%20"));
        if (uri.getScheme() != null && uri.getScheme().length() > 1) { // not a Windows drive letter
            return uri;
        }
        return java.nio.file.Path.of(configured.strip()).toAbsolutePath().normalize().toUri();
    }

    /** A folder or file below {@code parent}. */
    public static URI child(URI parent, String name) {
        String base = parent.toString();
        return URI.create(base.endsWith("/") ? base + name : base + "/" + name);
    }

    /**
     * The location as Spark and Hadoop take a path given as text ({@code load}, {@code checkpointLocation}):
     * decoded, since they encode it once more, so that a space in a folder's name stays a space.
     */
    public static String sparkPath(URI location) {
        return new Path(location).toString();
    }

    /** A path of this machine's own file system, which no other machine sees unless it is a shared mount. */
    public static boolean isLocal(URI location) {
        return "file".equals(location.getScheme());
    }

    public boolean exists(URI location) {
        try {
            return fileSystem(location).exists(new Path(location));
        } catch (IOException e) {
            throw failed("read", location, e);
        }
    }

    /** The file's text; the complete new version if a {@link #write} was cut short between its two steps. */
    public Optional<String> read(URI file) {
        Path path = new Path(file);
        try {
            FileSystem fs = fileSystem(file);
            for (Path candidate : new Path[] {path, temporary(path)}) {
                try (var in = fs.open(candidate)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (FileNotFoundException absent) {
                    // the next candidate
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw failed("read", file, e);
        }
    }

    /**
     * Writes the text to a temporary file beside the file, then moves it in place (HDFS and object stores
     * rename onto no existing file, so the old one goes first): a reader finds one version or the other.
     */
    public void write(URI file, String text) {
        Path path = new Path(file);
        Path temp = temporary(path);
        try {
            FileSystem fs = fileSystem(file);
            fs.mkdirs(path.getParent());
            try (FSDataOutputStream out = fs.create(temp, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(path, false);
            if (!fs.rename(temp, path)) {
                throw new IOException("cannot rename " + temp + " to " + path.getName());
            }
        } catch (IOException e) {
            throw failed("write", file, e);
        }
    }

    /** Deletes a file (and what a cut-short {@link #write} left of it), or a folder with everything in it. */
    public void delete(URI location) {
        Path path = new Path(location);
        try {
            FileSystem fs = fileSystem(location);
            fs.delete(path, true);
            fs.delete(temporary(path), false);
        } catch (IOException e) {
            throw failed("delete", location, e);
        }
    }

    /** The names of the folders in a folder; none when it does not exist. */
    public List<String> folders(URI folder) {
        Path path = new Path(folder);
        try {
            FileSystem fs = fileSystem(folder);
            if (!fs.exists(path)) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(path)) {
                if (status.isDirectory()) {
                    names.add(status.getPath().getName());
                }
            }
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw failed("list", folder, e);
        }
    }

    /** The highest batch id in one of Spark's logs (offsets, commits, a file sink's {@code _spark_metadata}). */
    public OptionalLong lastBatchId(URI log) {
        try {
            FileStatus[] files = fileSystem(log).listStatus(new Path(log));
            return Arrays.stream(files)
                    .map(file -> BATCH_FILE.matcher(file.getPath().getName()))
                    .filter(Matcher::matches)
                    .mapToLong(match -> Long.parseLong(match.group(1)))
                    .max();
        } catch (FileNotFoundException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw failed("list", log, e);
        }
    }

    /** When the file was last written; empty when there is none. */
    public Optional<Instant> modified(URI file) {
        try {
            return Optional.of(Instant.ofEpochMilli(fileSystem(file).getFileStatus(new Path(file)).getModificationTime()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failed("read", file, e);
        }
    }

    /** Hadoop's cached file system for the URI; on a local disk the raw one, which writes no checksum files. */
    private FileSystem fileSystem(URI location) throws IOException {
        return isLocal(location) ? FileSystem.getLocal(hadoop).getRawFileSystem() : FileSystem.get(location, hadoop);
    }

    private static Path temporary(Path file) {
        return new Path(file.getParent(), "." + file.getName() + ".tmp");
    }

    private static StorageUnavailableException failed(String what, URI location, IOException e) {
        return new StorageUnavailableException("Cannot " + what + " " + location + ": " + e.getMessage(), e);
    }
}
