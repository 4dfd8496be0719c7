package io.streamgate.queries.relations;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /streams/{name}}. */
@Schema(name = "StreamRequest")
public record StreamRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "payments") String topic,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "order_id BIGINT NOT NULL, amount DOUBLE")
        String schema,
        @Schema(nullable = true, example = "1 minute",
                description = "How late a record may be, for the event-time watermark on timestamp; a query's own replaces it")
        String watermark,
        @Schema(nullable = true, example = "3", description = "Partitions when the topic is created; absent: as the service's topic")
        Integer partitions) {
}
