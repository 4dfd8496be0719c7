package io.streamgate.pipeline.spark;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * The SparkSession the app runs in its own JVM (it is the driver).
 *
 * @param master            {@code local[*]}, or {@code spark://host:7077} for a standalone cluster
 * @param appName           name shown in the Spark UI and the cluster's master page
 * @param uiEnabled         whether the Spark UI (port 4040) runs beside the REST API
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}; the query is stateless, so a few suffice
 * @param config            any other Spark setting, passed as is (e.g. {@code spark.executor.memory})
 * @param reconnect         how often the app tries again to make its SparkSession when the master is
 *                          down, unreachable or refuses the app
 */
@Validated
@ConfigurationProperties("streamgate.spark")
public record SparkProperties(
        @DefaultValue("local[*]") @NotBlank String master,
        @DefaultValue("streamgate") @NotBlank String appName,
        @DefaultValue("true") boolean uiEnabled,
        @DefaultValue("2") @Min(1) int shufflePartitions,
        Map<String, String> config,
        @DefaultValue @Valid Reconnect reconnect) {

    public SparkProperties {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    public boolean isLocal() {
        return master.startsWith("local");
    }

    /**
     * @param initialBackoff wait before the second attempt; doubled for each further one
     * @param maxBackoff     the longest wait between attempts (the app never stops trying)
     */
    public record Reconnect(@DefaultValue("1s") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff) {

        Duration backoff(int failedAttempts) {
            return Backoff.exponential(initialBackoff, maxBackoff, failedAttempts);
        }
    }
}
