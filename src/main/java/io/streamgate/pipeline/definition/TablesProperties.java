package io.streamgate.pipeline.definition;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registered tables, as queries read them.
 *
 * @param maxRows rows a table may have when a query reads it; a query over a larger one fails with that
 *                reason, and nothing is cut. A join reads the whole table at each micro-batch, and
 *                broadcasts it to the stream's tasks.
 */
@Validated
@ConfigurationProperties("streamgate.tables")
public record TablesProperties(@DefaultValue("100000") @Min(1) long maxRows) {
}
