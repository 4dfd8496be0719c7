package io.streamgate.queries;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.stream.Stream;

/**
 * Shows as {@code streamingQuery}, with a component per query, by name: DOWN only when that query
 * failed; not running is a choice, not a fault, and a query falling behind says since when, UP. Queries created and deleted later come and go with it.
 */
@Component("streamingQuery")
class StreamingQueryHealthIndicator implements CompositeHealthContributor {

    private final QueryRegistry queries;

    StreamingQueryHealthIndicator(QueryRegistry queries) {
        this.queries = queries;
    }

    @Override
    public HealthContributor getContributor(String name) {
        try {
            QueryOperator query = queries.all().stream().filter(q -> q.name().equals(name)).findFirst().orElse(null);
            return query == null ? null : indicator(query);
        } catch (QueryNotFoundException e) {
            return null;
        }
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return queries.all().stream().map(query -> new HealthContributors.Entry(query.name(), indicator(query)));
    }

    private static HealthIndicator indicator(QueryOperator query) {
        return () -> {
            QueryStatus status = query.status();
            Health.Builder health = status.state() == QueryState.FAILED ? Health.down() : Health.up();
            health.withDetail("state", status.state());
            if (status.id() != null) {
                health.withDetail("id", status.id()).withDetail("runId", status.runId());
            }
            if (status.failure() != null) {
                health.withDetail("failure", status.failure());
            }
            // Falling behind stays UP: a restart would not catch up, and the query still runs.
            if (status.flow() != null && status.flow().behind()) {
                health.withDetail("behindSince", status.flow().behindSince())
                        .withDetail("lagRecords", status.flow().lag().records());
            }
            return health.build();
        };
    }
}
