package io.streamgate.pipeline.sink;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The producers Spark's tasks send rows with: one for each configuration in each JVM that runs tasks (an
 * executor, or the service on a local master), shared by every task and epoch, as Spark's own Kafka sink
 * pools its producers. A producer is thread-safe, and each task waits for its own records only. They are
 * closed when the JVM exits.
 */
final class TaskProducers {

    private static final Map<Map<String, Object>, Producer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> PRODUCERS.values().forEach(producer -> producer.close(Duration.ofSeconds(5))), "task-producers"));
    }

    private TaskProducers() {
    }

    static Producer<byte[], byte[]> of(Map<String, Object> config) {
        return PRODUCERS.computeIfAbsent(Map.copyOf(config), KafkaProducer::new);
    }
}
