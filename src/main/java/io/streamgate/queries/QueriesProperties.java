package io.streamgate.queries;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the queries users define.
 *
 * @param maxRunning how many queries may run at once, the default query included; a start past it is a 429
 */
@Validated
@ConfigurationProperties("streamgate.queries")
public record QueriesProperties(@DefaultValue("8") @Min(1) int maxRunning) {
}
