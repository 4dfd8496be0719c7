package io.streamgate.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The topic the service produces to and the streaming query reads from.
 *
 * @param name       topic name
 * @param partitions partitions when the service creates the topic
 * @param replicas   replication factor when the service creates the topic
 * @param minInsyncReplicas the topic's {@code min.insync.replicas} when the service creates it: with
 *                   {@code acks=all}, how many replicas must have a record before Kafka acknowledges
 *                   it; unset keeps the broker's default (1)
 * @param healthTimeout how long the health check waits for the cluster to answer
 * @param deadLetter    topic for records that fail validation; empty means the topic name + {@code .DLT}
 */
@Validated
@ConfigurationProperties("streamgate.kafka.topic")
public record KafkaTopicProperties(
        @DefaultValue("testTopic") @NotBlank String name,
        @DefaultValue("1") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicas,
        @Min(1) Integer minInsyncReplicas,
        @DefaultValue("3s") Duration healthTimeout,
        @DefaultValue("") String deadLetter) {

    /** Spring Kafka's convention for dead-letter topics: the topic's name with {@code .DLT}. */
    public String deadLetterTopic() {
        return deadLetter == null || deadLetter.isBlank() ? name + ".DLT" : deadLetter;
    }
}
