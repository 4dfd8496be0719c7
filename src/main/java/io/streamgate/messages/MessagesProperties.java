package io.streamgate.messages;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param maxBatchSize most messages one {@code POST /messages/batch} may carry
 * @param sendTimeout  longest a request waits for Kafka's acknowledgement before answering 503;
 *                     the producer's own {@code max.block.ms} and {@code delivery.timeout.ms}
 *                     are set below it in application.yml
 */
@Validated
@ConfigurationProperties("streamgate.messages")
public record MessagesProperties(
        @DefaultValue("1000") @Min(1) int maxBatchSize,
        @DefaultValue("10s") Duration sendTimeout) {
}
