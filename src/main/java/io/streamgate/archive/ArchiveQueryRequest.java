package io.streamgate.archive;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * @param sql   one {@code SELECT} over {@code archive}
 * @param limit the most rows answered; a JSON answer says whether more matched
 */
public record ArchiveQueryRequest(
        @Schema(example = "SELECT timestamp, key, fields.amount FROM archive WHERE key = 'order-42' ORDER BY timestamp")
        @NotBlank String sql,
        @Schema(description = "The most rows answered: 1,000 by default, at most streamgate.archive.max-rows (10,000) "
                + "as JSON and streamgate.archive.max-streamed-rows (1,000,000) as NDJSON, where it defaults to that "
                + "maximum", example = "1000", nullable = true)
        @Min(1) Integer limit) {

    static final int DEFAULT_LIMIT = 1000;
}
