package io.streamgate.pipeline;

import org.apache.spark.sql.SparkSession;

/** A small local SparkSession for tests of the pipeline's expressions, set up as the app sets up its own. */
final class LocalSpark {

    private LocalSpark() {
    }

    static SparkSession start(String appName) {
        SparkSession.Builder builder = SparkSession.builder().master("local[1]").appName(appName)
                .config("spark.ui.enabled", false)
                .config("spark.sql.shuffle.partitions", 1)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        SchemaValidation.SESSION_CONFIG.forEach(builder::config);
        return builder.getOrCreate();
    }
}
