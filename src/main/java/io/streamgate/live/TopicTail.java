package io.streamgate.live;

import io.streamgate.kafka.KafkaAdminUnavailableException;
import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.queries.QueryRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live tails of the service's own topics. Each subscriber gets a {@code KafkaConsumer} of its own,
 * assigned every partition by hand (no consumer group, nothing committed), on a thread of its own,
 * closed when the client goes. An event's id is {@code <partition>:<offset>}: a client that reconnects
 * with {@code Last-Event-ID} goes on after that record, from Kafka itself, whose retention is the replay
 * buffer; if Kafka no longer has it, a {@code gap} event says so.
 */
@Component
class TopicTail {

    private final Map<String, Object> consumerConfig;
    private final KafkaTopicProperties topic;
    private final QueryRegistry queries;
    private final Subscribers subscribers;
    private final AtomicInteger consumers = new AtomicInteger();

    TopicTail(KafkaConnectionDetails kafka, KafkaTopicProperties topic, QueryRegistry queries, Subscribers subscribers) {
        this.topic = topic;
        this.queries = queries;
        this.subscribers = subscribers;
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    }

    /**
     * @param from        {@code latest} or {@code earliest}, where a new client begins
     * @param key         only records with this key; null for all
     * @param lastEventId the last record a reconnecting client saw, {@code <partition>:<offset>}
     */
    Subscriber tail(String name, String from, String key, String lastEventId) {
        if (!topics().contains(name)) {
            throw new NoSuchTopicException(name);
        }
        if (!"latest".equals(from) && !"earliest".equals(from)) {
            throw new InvalidTailRequestException("from must be 'latest' or 'earliest', not '" + from + "'");
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig);
        AtomicBoolean running = new AtomicBoolean(true);
        Subscriber subscriber;
        try {
            subscriber = subscribers.open("tail-" + name, () -> {
                running.set(false);
                consumer.wakeup();
            });
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        consumers.incrementAndGet();
        try {
            // Positions are fixed before the client has its answer: "latest" means the end at this moment.
            List<TopicPartition> assigned = consumer.partitionsFor(name, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList();
            consumer.assign(assigned);
            if ("earliest".equals(from)) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
            }
            resume(consumer, name, lastEventId, subscriber);
            assigned.forEach(partition -> consumer.position(partition, Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            running.set(false);
            consumer.close(Duration.ZERO);
            consumers.decrementAndGet();
            subscriber.close();
            throw new KafkaAdminUnavailableException("Kafka did not give the positions of topic '" + name + "': "
                    + e.getMessage(), e);
        }
        Thread poller = new Thread(() -> poll(consumer, key, subscriber, running), "tail-" + name);
        poller.setDaemon(true);
        poller.start();
        return subscriber;
    }

    /** The consumers open now: one per tail subscriber, until its client goes. */
    int consumers() {
        return consumers.get();
    }

    /** The topics that can be tailed, with what each is to the service. */
    List<TailableTopic> tailable() {
        List<TailableTopic> all = new java.util.ArrayList<>();
        all.add(new TailableTopic(topic.name(), "topic"));
        all.add(new TailableTopic(topic.deadLetterTopic(), "dead-letters"));
        queries.outputTopics().forEach(output -> all.add(new TailableTopic(output, "output")));
        return all;
    }

    private Set<String> topics() {
        Set<String> own = new java.util.TreeSet<>();
        tailable().forEach(tailable -> own.add(tailable.name()));
        return own;
    }

    private void poll(KafkaConsumer<String, String> consumer, String key, Subscriber subscriber, AtomicBoolean running) {
        try {
            while (running.get() && !subscriber.isClosed()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key == null || key.equals(record.key())) {
                        subscriber.offer(new LiveEvent(record.partition() + ":" + record.offset(), "record", data(record)));
                    }
                }
            }
        } catch (WakeupException e) {
            // the subscriber went
        } catch (RuntimeException e) {
            subscriber.offer(new LiveEvent(null, "error", Map.of("reason", String.valueOf(e.getMessage()))));
        } finally {
            consumer.close(Duration.ofSeconds(1));
            consumers.decrementAndGet();
            subscriber.close();
        }
    }

    private static void resume(KafkaConsumer<String, String> consumer, String name, String lastEventId, Subscriber subscriber) {
        if (lastEventId == null || !lastEventId.matches("\\d+:\\d+")) {
            return;
        }
        String[] parts = lastEventId.split(":");
        TopicPartition partition = new TopicPartition(name, Integer.parseInt(parts[0]));
        if (!consumer.assignment().contains(partition)) {
            return;
        }
        long next = Long.parseLong(parts[1]) + 1;
        long earliest = consumer.beginningOffsets(List.of(partition)).get(partition);
        if (next < earliest) {
            subscriber.offer(new LiveEvent(null, LiveEvent.GAP, Map.of("dropped", earliest - next,
                    "reason", "Kafka no longer has the records after Last-Event-ID " + lastEventId)));
            next = earliest;
        }
        consumer.seek(partition, next);
    }

    private static Map<String, Object> data(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        Map<String, Object> data = new HashMap<>();
        data.put("key", record.key());
        data.put("value", record.value());
        data.put("partition", record.partition());
        data.put("offset", record.offset());
        data.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        data.put("headers", headers);
        return data;
    }
}
