package io.streamgate.messages;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.kafka.KnownTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes messages to the service's topic, or another of its own, and waits, within a bound, for
 * Kafka's acknowledgement.
 */
@Service
class MessagePublisher {

    private final KafkaTemplate<String, String> kafka;
    private final String ownTopic;
    private final MessagesProperties properties;
    private final Clock clock;

    MessagePublisher(KafkaTemplate<String, String> kafka, KafkaTopicProperties topic, MessagesProperties properties,
                     Clock clock) {
        this.kafka = kafka;
        this.ownTopic = topic.name();
        this.properties = properties;
        this.clock = clock;
    }

    PublishedRecord publish(MessageRequest message) {
        return publish(new KnownTopic(ownTopic, KnownTopic.Role.TOPIC), message);
    }

    PublishedRecord publish(KnownTopic topic, MessageRequest message) {
        ProducerRecord<String, String> record = toRecord(topic, message, "value");
        Instant deadline = deadline();
        CompletableFuture<SendResult<String, String>> sent = send(record);
        return PublishedRecord.of(await(sent, deadline).getRecordMetadata());
    }

    /**
     * Hands every record to the producer before waiting for any, so the producer batches them into a
     * few requests instead of one blocking round trip per record. Nothing is sent unless all are valid.
     */
    List<BatchItemResult> publishAll(List<MessageRequest> messages) {
        return publishAll(new KnownTopic(ownTopic, KnownTopic.Role.TOPIC), messages);
    }

    List<BatchItemResult> publishAll(KnownTopic topic, List<MessageRequest> messages) {
        if (messages.size() > properties.maxBatchSize()) {
            throw new BatchTooLargeException("The batch holds " + messages.size()
                    + " messages; at most " + properties.maxBatchSize() + " are allowed");
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            records.add(toRecord(topic, messages.get(i), "[" + i + "].value"));
        }
        Instant deadline = deadline();
        List<CompletableFuture<SendResult<String, String>>> pending = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> record : records) {
            pending.add(sendQuietly(record));
        }
        List<BatchItemResult> results = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            try {
                results.add(BatchItemResult.stored(i, PublishedRecord.of(await(pending.get(i), deadline).getRecordMetadata())));
            } catch (RuntimeException e) {
                results.add(BatchItemResult.failed(i, e.getMessage()));
            }
        }
        long failed = results.stream().filter(BatchItemResult::failed).count();
        if (failed > 0) {
            throw new BatchNotFullyStoredException(results, failed);
        }
        return results;
    }

    /**
     * On a table's topic a record needs its key (Kafka refuses a compacted topic's records without one), and
     * a null value is a tombstone, which deletes the key; elsewhere the value is required.
     */
    private static ProducerRecord<String, String> toRecord(KnownTopic topic, MessageRequest message, String valueField) {
        if (message == null) {
            throw new InvalidMessageException(valueField.replace(".value", "") + " is null; a message object is required");
        }
        boolean table = topic.role() == KnownTopic.Role.TABLE;
        String value = message.valueText();
        if (value == null && !table) {
            throw new InvalidMessageException("'" + valueField + "' is required and must not be null");
        }
        if (table && message.key() == null) {
            throw new InvalidMessageException("'" + valueField.replace("value", "key") + "' is required on a table's topic ('"
                    + topic.name() + "'): a table keeps the latest value per key, and a null value deletes the key");
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(topic.name(), message.key(), value);
        Map<String, String> headers = message.headers();
        if (headers != null) {
            headers.forEach((name, headerValue) -> {
                if (name == null || name.isEmpty()) {
                    throw new InvalidMessageException("Header names must not be empty");
                }
                record.headers().add(new RecordHeader(name,
                        headerValue == null ? null : headerValue.getBytes(StandardCharsets.UTF_8)));
            });
        }
        return record;
    }

    private Instant deadline() {
        return clock.instant().plus(properties.sendTimeout());
    }

    /** KafkaTemplate throws synchronously when the producer cannot even queue the record (e.g. no metadata). */
    private CompletableFuture<SendResult<String, String>> send(ProducerRecord<String, String> record) {
        try {
            return kafka.send(record);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private CompletableFuture<SendResult<String, String>> sendQuietly(ProducerRecord<String, String> record) {
        try {
            return kafka.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private SendResult<String, String> await(CompletableFuture<SendResult<String, String>> sent, Instant deadline) {
        try {
            long remaining = Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
            return sent.get(remaining, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the record within "
                    + properties.sendTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while waiting for Kafka", e);
        }
    }

    private static RuntimeException translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return new RecordTooLargeForKafkaException("Kafka refused the record as too large: " + t.getMessage(), t);
            }
            if (t instanceof KafkaUnavailableException unavailable) {
                return unavailable;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new KafkaUnavailableException("Kafka is unavailable: " + root.getMessage(), failure);
    }
}
