package io.streamgate.live;

import io.streamgate.kafka.KafkaAdminUnavailableException;
import io.streamgate.kafka.KafkaClientSettings;
import io.streamgate.kafka.KnownTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live tails of the service's own topics. Each subscriber gets a {@code KafkaConsumer} of its own,
 * assigned every partition by hand (no consumer group, nothing committed), on a thread of its own,
 * closed when the client goes. An event's id is the client's {@link TailPosition} in every partition:
 * a client that reconnects with {@code Last-Event-ID} goes on after those records, from Kafka itself,
 * whose retention is the replay buffer; if Kafka no longer has them, a {@code gap} event says so. The
 * tails of a topic share its {@link RecordEvents} and a budget of fetches (see {@link #pace}).
 */
@Component
class TopicTail {

    private final Map<String, Object> consumerConfig;
    private final KnownTopics known;
    private final Subscribers subscribers;
    private final LiveProperties settings;
    private final Clock clock;
    private final AtomicInteger consumers = new AtomicInteger();
    private final Map<String, RecordEvents> shared = new ConcurrentHashMap<>();

    TopicTail(KafkaClientSettings kafka, KnownTopics known, Subscribers subscribers, LiveProperties settings, Clock clock) {
        this.known = known;
        this.subscribers = subscribers;
        this.settings = settings;
        this.clock = clock;
        // An idle tail waits in the broker for the next record (fetch.max.wait.ms, 500 ms by default),
        // which answers as soon as one comes (fetch.min.bytes 1). Keys and values stay bytes: a record
        // is decoded once, by the tail that makes its event (RecordEvents).
        this.consumerConfig = kafka.consumer(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    /**
     * @param from        {@code latest} or {@code earliest}, where a new client begins
     * @param key         only records with this key; null for all
     * @param lastEventId where a reconnecting client was, a {@link TailPosition}
     */
    Subscriber tail(String name, String from, String key, String lastEventId) {
        known.require(name);
        if (!"latest".equals(from) && !"earliest".equals(from)) {
            throw new InvalidTailRequestException("from must be 'latest' or 'earliest', not '" + from + "'");
        }
        Map<Integer, Long> had = TailPosition.parse(lastEventId);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
        AtomicBoolean running = new AtomicBoolean(true);
        Subscriber subscriber;
        try {
            subscriber = subscribers.open("tail-" + name, closed -> {
                running.set(false);
                consumer.wakeup();
            });
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        consumers.incrementAndGet();
        TailPosition position = new TailPosition();
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
            long dropped = resume(consumer, assigned, had);
            for (TopicPartition partition : assigned) {
                position.had(partition.partition(), consumer.position(partition, Duration.ofSeconds(10)) - 1);
            }
            if (dropped > 0) {
                subscriber.offer(new LiveEvent(position.id(), LiveEvent.GAP, Map.of("dropped", dropped,
                        "reason", "Kafka no longer has all the records after Last-Event-ID " + lastEventId)));
            }
        } catch (RuntimeException e) {
            running.set(false);
            consumer.close(Duration.ZERO);
            consumers.decrementAndGet();
            subscriber.close();
            throw new KafkaAdminUnavailableException("Kafka did not give the positions of topic '" + name + "': "
                    + e.getMessage(), e);
        }
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        RecordEvents events = shared.compute(name, (topic, kept) -> (kept == null ? new RecordEvents(topic) : kept).join());
        Thread poller = new Thread(() -> poll(consumer, keyBytes, position, events, subscriber, running), "tail-" + name);
        poller.setDaemon(true);
        poller.start();
        return subscriber;
    }

    /** The consumers open now: one per tail subscriber, until its client goes. */
    int consumers() {
        return consumers.get();
    }

    /** Whether tails of the topic are open, sharing its records' events. */
    boolean shares(String topic) {
        return shared.containsKey(topic);
    }

    /** The topics that can be tailed, with what each is to the service. */
    List<TailableTopic> tailable() {
        return known.all().stream().map(topic -> new TailableTopic(topic.name(), topic.role().label())).toList();
    }

    private void poll(KafkaConsumer<byte[], byte[]> consumer, byte[] key, TailPosition position, RecordEvents events,
                      Subscriber subscriber, AtomicBoolean running) {
        try {
            while (running.get() && !subscriber.isClosed()) {
                Instant began = clock.instant();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                subscriber.offer(events(records, key, position, events));
                if (pace(began)) {
                    // The fetch the consumer sent before the pause came back with the first record or two
                    // after it; taking them now sends the next fetch, which finds all that came during the
                    // pause at once (the loop's poll), instead of one pause later.
                    subscriber.offer(events(consumer.poll(Duration.ZERO), key, position, events));
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // the subscriber went
        } catch (RuntimeException e) {
            subscriber.offer(new LiveEvent(null, "error", Map.of("reason", String.valueOf(e.getMessage()))));
        } finally {
            consumer.close(Duration.ofSeconds(1));
            consumers.decrementAndGet();
            shared.computeIfPresent(events.topic(), (name, same) -> same.leave() ? null : same);
            subscriber.close();
        }
    }

    /**
     * While records flow, the tails together fetch at most {@code tail-fetches-per-second}: with n tails
     * open, each pauses 2n / that between rounds of two fetches, and takes what came meanwhile at once.
     * One tail fetches again at once; a hundred take their records in batches instead of each fetching
     * every record.
     *
     * @return whether it paused
     */
    private boolean pace(Instant began) throws InterruptedException {
        long round = 2L * consumers.get() * 1_000_000_000L / settings.tailFetchesPerSecond();
        long left = round - Duration.between(began, clock.instant()).toNanos();
        if (left <= 0) {
            return false;
        }
        TimeUnit.NANOSECONDS.sleep(left);
        return true;
    }

    /** The records' events, each with the client's position after it as its id. */
    private static List<LiveEvent> events(ConsumerRecords<byte[], byte[]> records, byte[] key, TailPosition position,
                                          RecordEvents events) {
        List<LiveEvent> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            position.had(record.partition(), record.offset());
            if (key == null || Arrays.equals(key, record.key())) {
                batch.add(events.of(record).withId(position.id()));
            }
        }
        return batch;
    }

    /**
     * A reconnecting client goes on after the records it had, in each partition its id names.
     *
     * @return how many of those records Kafka no longer has
     */
    private static long resume(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> assigned,
                               Map<Integer, Long> hadByPartition) {
        long dropped = 0;
        for (TopicPartition partition : assigned) {
            Long had = hadByPartition.get(partition.partition());
            if (had == null) {
                continue;
            }
            long next = had + 1;
            long earliest = consumer.beginningOffsets(List.of(partition)).get(partition);
            if (next < earliest) {
                dropped += earliest - next;
                next = earliest;
            }
            consumer.seek(partition, next);
        }
        return dropped;
    }
}
