package io.streamgate.messages;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/** One message to publish, as the REST API takes it. */
@Schema(description = "A message to publish to the topic", example = """
        {"key": "order-42", "value": {"id": 42, "name": "widget", "amount": 9.5}, "headers": {"source": "docs"}}""")
public record MessageRequest(
        @Schema(description = "Record key; null or absent for none", example = "order-42", nullable = true)
        String key,
        @Schema(description = "Any JSON value. A JSON string is sent as its text; anything else as compact JSON.",
                requiredMode = Schema.RequiredMode.REQUIRED)
        JsonNode value,
        @Schema(description = "Record headers, sent as UTF-8", example = "{\"source\": \"docs\"}", nullable = true)
        Map<String, String> headers) {

    /** The record value as it goes to Kafka, or null when the request has none. */
    String valueText() {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isString() ? value.asString() : value.toString();
    }
}
