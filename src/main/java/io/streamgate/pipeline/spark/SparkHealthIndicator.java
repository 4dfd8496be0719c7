package io.streamgate.pipeline.spark;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows as {@code spark}: UP while the app has a SparkSession that can run tasks. DOWN, with the
 * reason and the next attempt, while the master is down, unreachable or refuses the app, and on a
 * cluster while the app has no executor (lost workers are being replaced).
 */
@Component("spark")
class SparkHealthIndicator implements HealthIndicator {

    private final SparkConnection spark;

    SparkHealthIndicator(SparkConnection spark) {
        this.spark = spark;
    }

    @Override
    public Health health() {
        SparkStatus status = spark.status();
        Health.Builder health = status.state() == SparkStatus.State.UP ? Health.up() : Health.down();
        health.withDetail("state", status.state())
                .withDetail("master", status.master())
                .withDetail("version", SparkConnection.SPARK_VERSION);
        if (status.applicationId() != null) {
            health.withDetail("applicationId", status.applicationId())
                    .withDetail("executors", status.executors())
                    .withDetail("activeQueries", status.activeQueries());
        }
        if (status.failedAttempts() > 0) {
            health.withDetail("failedAttempts", status.failedAttempts());
        }
        if (status.lastFailure() != null) {
            health.withDetail("lastFailure", status.lastFailure());
        }
        if (status.nextAttemptAt() != null) {
            health.withDetail("nextAttemptAt", status.nextAttemptAt());
        }
        return health.build();
    }
}
