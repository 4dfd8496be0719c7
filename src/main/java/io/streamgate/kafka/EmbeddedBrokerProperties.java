package io.streamgate.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * The KRaft broker the app starts itself when no {@code spring.kafka.bootstrap-servers} is set.
 *
 * @param enabled        set to false to never start it (e.g. when a test supplies its own broker)
 * @param host           address both listeners bind to and the broker advertises
 * @param port           client listener port; 0 picks a free one
 * @param controllerPort KRaft controller listener port; 0 picks a free one
 * @param dataDir        log and metadata folder; formatted once, kept across restarts
 */
@Validated
@ConfigurationProperties("streamgate.kafka.embedded")
public record EmbeddedBrokerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("9092") @Min(0) @Max(65535) int port,
        @DefaultValue("9093") @Min(0) @Max(65535) int controllerPort,
        @DefaultValue("./data/kafka") Path dataDir) {
}
