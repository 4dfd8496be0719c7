package io.streamgate.pipeline;

import io.streamgate.pipeline.localfs.NioLocalFileSystem;
import io.streamgate.pipeline.localfs.NioLocalFs;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SparkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SparkConfiguration.class);

    /**
     * Stopped by Spring after everything that uses it (the query manager depends on it). On SIGTERM,
     * Spark's own shutdown hook may have stopped the context already; {@code stop()} is then a no-op.
     */
    @Bean(destroyMethod = "stop")
    SparkSession sparkSession(SparkProperties spark) {
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
                // more than it saves (measured: a third of addBatch for a 100k-row batch).
                .config("spark.sql.inMemoryColumnarStorage.compressed", false);
        SchemaValidation.SESSION_CONFIG.forEach(builder::config);
        if (spark.isLocal()) {
            // Loopback only: a local driver has no executors elsewhere that must reach it.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        } else if (!spark.config().containsKey("spark.jars")) {
            builder.config("spark.jars", ClusterJars.kafkaSourceJars());
        }
        spark.config().forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        log.info("SparkSession {} started on master {} (Spark {})",
                session.sparkContext().applicationId(), spark.master(), session.version());
        return session;
    }
}
