package io.streamgate.pipeline.spark;

import java.util.Map;

/**
 * How long a micro-batch query that found nothing new waits before it asks its sources again. The
 * pipeline's trigger is 0 ms, Spark's own: while records come, each batch starts as the one before ends.
 * When a trigger finds nothing, Spark waits {@code spark.sql.streaming.pollingDelay}, 10 ms by default:
 * against Kafka a {@code ListOffsets} request a hundred times a second for each query, a quarter of a
 * core for an idle service. At 200 ms an idle query costs about what a 200 ms trigger did, and a record
 * that arrives meanwhile waits as long. {@code streamgate.spark.config} may set it otherwise.
 */
public final class IdlePolling {

    private static final String POLLING_DELAY = "spark.sql.streaming.pollingDelay";
    public static final Map<String, String> SESSION_CONFIG = Map.of(POLLING_DELAY, "200ms");

    private IdlePolling() {
    }
}
