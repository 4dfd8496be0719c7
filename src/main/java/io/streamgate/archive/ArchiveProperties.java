package io.streamgate.archive;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Archive queries ({@code POST /archive/query}); where and how the archive is written is
 * {@code streamgate.pipeline.archive}.
 *
 * @param queryTimeout    how long one query may run; past it its Spark jobs are cancelled and the answer is a 504
 * @param maxConcurrent   queries running at once; past it a 429
 * @param maxRows         the largest {@code limit} of a JSON answer, which is held in memory whole
 * @param maxStreamedRows the largest {@code limit} of an NDJSON answer, streamed a partition at a time
 */
@Validated
@ConfigurationProperties("streamgate.archive")
public record ArchiveProperties(
        @DefaultValue("60s") Duration queryTimeout,
        @DefaultValue("2") @Min(1) int maxConcurrent,
        @DefaultValue("10000") @Min(1) int maxRows,
        @DefaultValue("1000000") @Min(1) int maxStreamedRows) {
}
