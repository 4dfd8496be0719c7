package io.streamgate.pipeline;

import io.streamgate.pipeline.spark.GeneratedCodeReuse;
import io.streamgate.pipeline.spark.IdlePolling;
import io.streamgate.pipeline.spark.SparkProperties;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.pipeline.transform.SchemaValidation;
import org.apache.spark.sql.SparkSession;

/** A local SparkSession for tests and the benchmark of the pipeline, with the settings the app gives its own. */
public final class LocalSpark {

    private LocalSpark() {
    }

    /** One core, one shuffle partition: enough for a test's few rows. */
    public static SparkSession start(String appName) {
        return start(appName, "local[1]", 1);
    }

    public static SparkSession start(String appName, String master, int shufflePartitions) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", false)
                .config("spark.sql.shuffle.partitions", shufflePartitions)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        SchemaValidation.SESSION_CONFIG.forEach(builder::config);
        GeneratedCodeReuse.SESSION_CONFIG.forEach(builder::config);
        IdlePolling.SESSION_CONFIG.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** The app's storage with no {@code spark.hadoop.*} settings: local files, as these sessions see them. */
    public static Storage storage() {
        return new Storage(new SparkProperties("local[1]", "test", false, 1, null, null));
    }
}
