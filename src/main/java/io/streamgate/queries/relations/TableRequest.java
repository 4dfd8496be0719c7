package io.streamgate.queries.relations;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /tables/{name}}. */
@Schema(name = "TableRequest")
public record TableRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "customers") String topic,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "id BIGINT NOT NULL, name STRING, country STRING")
        String schema,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "id",
                description = "The schema's field that holds each record's key; a record counts when it equals the Kafka key")
        String key) {
}
