package io.streamgate.queries;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /queries/{name}}: only {@code sql} is required, the rest fall back to the defaults. */
@Schema(name = "QueryRequest", description = "A query over the events view; absent fields take the configured defaults")
public record QueryRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 16384,
                description = "One Spark SQL SELECT over the view events",
                example = "SELECT window(timestamp, '1 minute') AS window, name, count(*) AS orders, sum(amount) AS total "
                        + "FROM events WHERE valid GROUP BY window(timestamp, '1 minute'), name")
        String sql,
        @Schema(nullable = true, description = "The Kafka topic the query reads; it must exist", example = "testTopic")
        String topic,
        @Schema(nullable = true, description = "Schema of the values as a Spark DDL string; each field becomes a column of events",
                example = "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE")
        String schema,
        @Schema(nullable = true, description = "How late an event may be, for the event-time watermark on timestamp; "
                + "absent: no watermark", example = "1 minute")
        String watermark,
        @Schema(nullable = true, description = "Micro-batch interval; in real-time mode the checkpoint interval", example = "1s")
        String trigger,
        @Schema(nullable = true, allowableValues = {"micro-batch", "real-time"},
                description = "real-time is for stateless queries only, as Spark 4.2 allows")
        String mode,
        @Schema(nullable = true, allowableValues = {"append", "update", "complete"},
                description = "Absent: update for aggregations, append otherwise")
        String outputMode,
        @Schema(nullable = true, allowableValues = {"earliest", "latest"},
                description = "Where a new checkpoint begins. Given when replacing a query whose state cannot carry "
                        + "over: its checkpoint and results are dropped")
        String startingOffsets,
        @Schema(nullable = true, description = "A Kafka topic each result row is also written to as JSON; created if missing",
                example = "order-totals")
        String outputTopic) {
}
