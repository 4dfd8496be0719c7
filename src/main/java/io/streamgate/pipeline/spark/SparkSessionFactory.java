package io.streamgate.pipeline.spark;

import io.streamgate.pipeline.storage.localfs.NioLocalFileSystem;
import io.streamgate.pipeline.transform.SchemaValidation;
import org.apache.spark.sql.SparkSession;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Builds the app's SparkSession from {@code streamgate.spark.*}; {@link SparkConnection} decides when. */
final class SparkSessionFactory implements AutoCloseable {

    static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";
    static final String ROCKSDB_STATE_STORE = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
    /**
     * Spark's own patterns (settings named like a secret, options named like a URL) and Kafka's secrets,
     * which the Kafka source and sink take as options: a JAAS config holds a password, and a PEM key store
     * its private key.
     */
    static final String REDACTED = "(?i)secret|password|token|access[.]?key|url|sasl\\.jaas\\.config|ssl\\.keystore\\.key";

    private final SparkProperties spark;
    private final List<SparkSettingsContributor> contributors;
    private Path executorJarsFolder; // where the jars for a cluster's executors are written, made at the first need
    private String executorJars;
    private CompletableFuture<SparkSession> begun; // guarded by this; a session begun early, not yet taken

    SparkSessionFactory(SparkProperties spark, List<SparkSettingsContributor> contributors) {
        this.spark = spark;
        this.contributors = List.copyOf(contributors);
    }

    /**
     * Begins making a local master's session on a thread of its own, so that it is made while the rest of
     * the app starts (its broker above all); the next {@link #create} takes it, waiting for it if need be.
     */
    synchronized void beginCreating() {
        if (begun == null) {
            SimpleAsyncTaskExecutor starter = new SimpleAsyncTaskExecutor("streamgate-spark-start-");
            starter.setDaemon(true);
            begun = CompletableFuture.supplyAsync(this::build, starter);
        }
    }

    SparkSession create() {
        CompletableFuture<SparkSession> taken;
        synchronized (this) {
            taken = begun;
            begun = null;
        }
        if (taken == null) {
            return build();
        }
        try {
            return taken.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private SparkSession build() {
        SparkSession.Builder builder = SparkSession.builder()
                .master(spark.master())
                .appName(spark.appName())
                .config("spark.ui.enabled", spark.uiEnabled())
                .config("spark.sql.shuffle.partitions", spark.shufflePartitions())
                // Its progress bar would break into the log lines on stdout.
                .config("spark.ui.showConsoleProgress", false)
                // Tomcat has installed the JVM's one URL stream handler factory already.
                .config("spark.sql.defaultUrlStreamHandlerFactory.enabled", false)
                // Users' SQL reads the events view only; SqlGuard refuses files, and Spark is told so too.
                .config("spark.sql.runSQLOnFiles", false)
                // Each query has a pool of its own (StreamingPipeline): the queries share the cores fairly.
                .config("spark.scheduler.mode", "FAIR")
                // Kafka allows a header key more than once; the headers column, a map, keeps the last value
                .config("spark.sql.mapKeyDedupPolicy", "LAST_WIN")
                // Queries' state (groups, windows, deduplication keys) in RocksDB, off the heap the service
                // shares with every query; a checkpoint keeps the provider it began with.
                .config(STATE_STORE_PROVIDER, ROCKSDB_STATE_STORE)
                // A batch's commit writes what changed, not a snapshot of the store (snapshots are made in
                // the background): a few ms instead of a quarter of a stream-stream join's batch. Spark
                // takes it for checkpoints begun without it.
                .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", true)
                // Redacted wherever Spark shows settings or a source's options: the UI, plans, the event log.
                .config("spark.redaction.regex", REDACTED)
                .config("spark.sql.redaction.options.regex", REDACTED);
        if (ROCKSDB_STATE_STORE.equals(spark.config().getOrDefault(STATE_STORE_PROVIDER, ROCKSDB_STATE_STORE))) {
            // A stream-stream join's state in one RocksDB store a partition instead of four, which RocksDB
            // alone allows. A checkpoint keeps the version it began with (Spark records it in its offsets).
            builder.config("spark.sql.streaming.join.stateFormatVersion", 3);
        }
        // Local checkpoint and sink files without a forked chmod per file (see NioRawLocalFileSystem).
        NioLocalFileSystem.HADOOP_SETTINGS.forEach((key, value) -> builder.config("spark.hadoop." + key, value));
        SchemaValidation.SESSION_CONFIG.forEach(builder::config);
        GeneratedCodeReuse.SESSION_CONFIG.forEach(builder::config);
        IdlePolling.SESSION_CONFIG.forEach(builder::config);
        if (spark.isLocal()) {
            // Loopback only: a local driver has no executors elsewhere that must reach it.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        spark.config().forEach(builder::config);
        contributors.forEach(contributor -> contributor.sparkSettings().forEach(builder::config));
        if (!spark.isLocal()) {
            builder.config("spark.jars", jars(spark.config().get("spark.jars")));
        }
        return builder.getOrCreate();
    }

    /** The user's own {@code spark.jars}, if any, then the ones the pipeline needs on every executor. */
    private synchronized String jars(String userJars) {
        if (executorJars == null) {
            try {
                executorJarsFolder = Files.createTempDirectory("streamgate-executor-jars");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> files = new ArrayList<>();
            ExecutorJars.write(executorJarsFolder).forEach(jar -> files.add(jar.toString()));
            executorJars = String.join(",", files);
        }
        return userJars == null || userJars.isBlank() ? executorJars : userJars + "," + executorJars;
    }

    /** Stops a session begun and never taken; deletes the jars written for the executors, once no session needs them. */
    @Override
    public synchronized void close() {
        if (begun != null) {
            begun.thenAccept(SparkSession::stop);
            begun = null;
        }
        if (executorJarsFolder != null) {
            try {
                FileSystemUtils.deleteRecursively(executorJarsFolder);
            } catch (IOException e) {
                // a temporary folder: the system cleans it up eventually
            }
        }
    }
}
