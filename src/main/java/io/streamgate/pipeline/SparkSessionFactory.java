package io.streamgate.pipeline;

import io.streamgate.pipeline.localfs.NioLocalFileSystem;
import io.streamgate.pipeline.localfs.NioLocalFs;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the app's SparkSession from {@code streamgate.spark.*}; {@link SparkConnection} decides when. */
final class SparkSessionFactory {

    private final SparkProperties spark;
    private final Path executorJarsFolder;
    private String executorJars; // written once, for the first non-local session

    /** @param executorJarsFolder where the jars for a cluster's executors are written when they are not plain files */
    SparkSessionFactory(SparkProperties spark, Path executorJarsFolder) {
        this.spark = spark;
        this.executorJarsFolder = executorJarsFolder;
    }

    SparkSession create() {
        SparkSession.Builder builder = SparkSession.builder()
                .master(spark.master())
                .appName(spark.appName())
                .config("spark.ui.enabled", spark.uiEnabled())
                .config("spark.sql.shuffle.partitions", spark.shufflePartitions())
                // Its progress bar would break into the log lines on stdout.
                .config("spark.ui.showConsoleProgress", false)
                // Tomcat has installed the JVM's one URL stream handler factory already.
                .config("spark.sql.defaultUrlStreamHandlerFactory.enabled", false)
                // Local checkpoint and sink files without a forked chmod per file (see NioRawLocalFileSystem).
                .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
                .config("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName())
                .config("spark.hadoop.fs.file.impl.disable.cache", true)
                // The only cache is a micro-batch's, dropped after its few reads: compressing it costs
                // more than it saves.
                .config("spark.sql.inMemoryColumnarStorage.compressed", false);
        SchemaValidation.SESSION_CONFIG.forEach(builder::config);
        if (spark.isLocal()) {
            // Loopback only: a local driver has no executors elsewhere that must reach it.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        spark.config().forEach(builder::config);
        if (!spark.isLocal()) {
            builder.config("spark.jars", jars(spark.config().get("spark.jars")));
        }
        return builder.getOrCreate();
    }

    /** The user's own {@code spark.jars}, if any, then the ones the pipeline needs on every executor. */
    private synchronized String jars(String userJars) {
        if (executorJars == null) {
            List<String> files = new ArrayList<>();
            ExecutorJars.write(executorJarsFolder).forEach(jar -> files.add(jar.toString()));
            executorJars = String.join(",", files);
        }
        return userJars == null || userJars.isBlank() ? executorJars : userJars + "," + executorJars;
    }
}
