package io.streamgate.pipeline.spark;

import java.util.Map;

/**
 * Spark settings another part of the service adds to every session it makes, over
 * {@code streamgate.spark.config.*}: the UI's security filter when the API is secured, say.
 */
@FunctionalInterface
public interface SparkSettingsContributor {

    Map<String, String> sparkSettings();
}
