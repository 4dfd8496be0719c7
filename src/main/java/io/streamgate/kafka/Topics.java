package io.streamgate.kafka;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The topics queries read and write, as the cluster knows them: whether one exists, its partitions and
 * where they end, and output topics created, shaped like the service's topic, when missing.
 */
@Component
public class Topics implements DisposableBean {

    private final AdminClient admin;
    private final KafkaTopicProperties shape;
    private final long timeoutMs;

    public Topics(KafkaClientSettings kafka, KafkaTopicProperties topic) {
        this.shape = topic;
        this.timeoutMs = Math.max(topic.healthTimeout().toMillis(), 1000);
        this.admin = AdminClient.create(kafka.admin(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs)));
    }

    /**
     * @return the topic's partitions; empty when it does not exist
     * @throws KafkaAdminUnavailableException when the cluster does not answer
     */
    public OptionalInt partitions(String topic) {
        return answer(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic '" + topic + "'",
                UnknownTopicOrPartitionException.class::isInstance)
                .map(topics -> OptionalInt.of(topics.get(topic).partitions().size())).orElse(OptionalInt.empty());
    }

    /**
     * The offset after the last record of every partition, as of now.
     *
     * @throws KafkaAdminUnavailableException when the cluster does not answer, or the topic does not exist
     */
    public Map<Integer, Long> endOffsets(String topic) {
        int partitions = partitions(topic).orElseThrow(() -> new KafkaAdminUnavailableException(
                "Topic '" + topic + "' does not exist", null));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        answer(admin.listOffsets(latest).all(), "give the end offsets of topic '" + topic + "'", error -> false)
                .orElseThrow().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /** Creates the topic with the service topic's partitions and replicas, unless it exists. */
    public void createIfMissing(String topic) {
        createIfMissing(topic, OptionalInt.empty(), Map.of());
    }

    /**
     * Creates the topic, unless it exists, with the service topic's replicas and, unless given, its partitions.
     *
     * @param configs the topic's configs, e.g. {@code cleanup.policy=compact}
     */
    public void createIfMissing(String topic, OptionalInt partitions, Map<String, String> configs) {
        NewTopic created = new NewTopic(topic, partitions.orElse(shape.partitions()), shape.replicas()).configs(configs);
        answer(admin.createTopics(List.of(created)).all(), "create topic '" + topic + "'", TopicExistsException.class::isInstance);
    }

    /**
     * An admin call's answer within the timeout; empty for an error that {@code meansNone} says is an answer
     * too (a topic that does not exist, or exists already) or a call that answers nothing.
     */
    private <T> Optional<T> answer(KafkaFuture<T> call, String what, Predicate<Throwable> meansNone) {
        try {
            return Optional.ofNullable(call.get(timeoutMs, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (meansNone.test(e.getCause())) {
                return Optional.empty();
            }
            throw new KafkaAdminUnavailableException("Kafka did not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaAdminUnavailableException("Kafka did not answer within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAdminUnavailableException("Interrupted while asking Kafka to " + what, e);
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
