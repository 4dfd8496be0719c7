package io.streamgate.queries;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional overrides for one run of the query; every field may be left out. */
@Schema(description = "Options for this run; absent fields take the configured defaults", example = """
        {"startingOffsets": "earliest", "trigger": "500 ms"}""")
public record StartQueryRequest(
        @Schema(description = "Where to begin. Given: the checkpoint is dropped and the query starts "
                + "there. Absent: the query resumes from its checkpoint, or starts at the configured default.",
                allowableValues = {"earliest", "latest"}, nullable = true)
        String startingOffsets,
        @Schema(description = "Micro-batch interval; in real-time mode the checkpoint interval (at least 5s)",
                example = "500 ms", nullable = true)
        String trigger,
        @Schema(description = "Schema of the values as a Spark DDL string; NOT NULL marks a required field",
                example = "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE", nullable = true)
        String schema,
        @Schema(description = "micro-batch: Spark's classic engine. real-time: Spark's real-time mode, "
                + "each record written to the results as it arrives (local Spark master only)",
                allowableValues = {"micro-batch", "real-time"}, nullable = true)
        String mode) {

    static final StartQueryRequest DEFAULTS = new StartQueryRequest(null, null, null, null);
}
