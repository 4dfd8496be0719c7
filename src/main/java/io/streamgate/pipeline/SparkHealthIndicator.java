package io.streamgate.pipeline;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Shows as {@code spark}: UP while the SparkContext runs, with its master and version. */
@Component("spark")
class SparkHealthIndicator implements HealthIndicator {

    private final SparkSession spark;

    SparkHealthIndicator(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public Health health() {
        SparkContext context = spark.sparkContext();
        Health.Builder health = context.isStopped() ? Health.down() : Health.up();
        return health.withDetail("master", context.master())
                .withDetail("version", spark.version())
                .withDetail("applicationId", context.applicationId())
                .withDetail("activeQueries", spark.streams().active().length)
                .build();
    }
}
