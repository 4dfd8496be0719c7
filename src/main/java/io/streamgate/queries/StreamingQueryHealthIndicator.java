package io.streamgate.queries;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Shows as {@code streamingQuery}: DOWN only when the query failed; not running is a choice, not a fault. */
@Component("streamingQuery")
class StreamingQueryHealthIndicator implements HealthIndicator {

    private final QueryManager queries;

    StreamingQueryHealthIndicator(QueryManager queries) {
        this.queries = queries;
    }

    @Override
    public Health health() {
        QueryStatus status = queries.status();
        Health.Builder health = status.state() == QueryState.FAILED ? Health.down() : Health.up();
        health.withDetail("state", status.state());
        if (status.id() != null) {
            health.withDetail("id", status.id()).withDetail("runId", status.runId());
        }
        if (status.failure() != null) {
            health.withDetail("failure", status.failure());
        }
        return health.build();
    }
}
