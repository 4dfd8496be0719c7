package io.streamgate.pipeline.spark;

import java.util.Map;

/**
 * Spark settings under which a query started again runs the code Spark generated and the JIT compiled for
 * its run before. Spark isolates each session's artifacts (classes and jars uploaded by Spark Connect
 * clients) in a class loader of its own on the executors, and keys its cache of generated code by class
 * loader; a streaming query's run is a clone of the session, so each run compiled the same source again
 * and the JIT began again on the hottest code of a batch. The service adds no artifacts to a session;
 * its executors' jars are the context's ({@code spark.jars}).
 */
public final class GeneratedCodeReuse {

    public static final String ARTIFACT_ISOLATION = "spark.sql.artifact.isolation.enabled";
    public static final Map<String, String> SESSION_CONFIG = Map.of(ARTIFACT_ISOLATION, "false");

    private GeneratedCodeReuse() {
    }
}
