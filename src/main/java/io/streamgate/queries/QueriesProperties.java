package io.streamgate.queries;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Limits on the queries users define.
 *
 * @param maxRunning how many queries may run at once, the default query included; a start past it is a 429
 * @param unregisteredCheck how often Spark's active queries are compared with the service's runs, so that one
 *                   the service does not know of is found and stopped (it is stopped at the second look)
 * @param taskEndTimeout how long a stop (or {@code DELETE}) waits, after Spark interrupted the run's tasks, for
 *                   them to end; one that runs on, which does not check for interrupts, is shown in the query's
 *                   status as {@code stillRunning} and in health, and the query gets no new run until it ends
 * @param behindAfter how long a query's lag must keep growing, never reaching 0, for its status and health to
 *                   call it behind; a few slow batches are not
 */
@Validated
@ConfigurationProperties("streamgate.queries")
public record QueriesProperties(@DefaultValue("8") @Min(1) int maxRunning,
                                @DefaultValue("5s") Duration unregisteredCheck,
                                @DefaultValue("10s") Duration taskEndTimeout,
                                @DefaultValue("1m") Duration behindAfter) {
}
