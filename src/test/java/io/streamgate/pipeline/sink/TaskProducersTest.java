package io.streamgate.pipeline.sink;

import io.streamgate.IntegrationTest;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks share a producer per configuration, as Spark's own Kafka sink does: not one per task or epoch.
 * In a JVM of its own: its producers, which reach no broker, live as long as the JVM.
 */
@Tag(IntegrationTest.OWN_JVM)
class TaskProducersTest {

    private static Map<String, Object> config(String servers) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    @Test
    void theSameConfigurationGetsTheSameProducerAndAnotherOneItsOwn() {
        var first = TaskProducers.of(config("127.0.0.1:1"));
        var again = TaskProducers.of(new HashMap<>(config("127.0.0.1:1"))); // equal, as a task's deserialized copy is

        assertThat(again).isSameAs(first);
        assertThat(TaskProducers.of(config("127.0.0.1:2"))).isNotSameAs(first);
    }
}
