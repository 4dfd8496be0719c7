package io.streamgate.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterJarsTest {

    @Test
    void findsTheKafkaSourceJarsOnAPlainClasspath() {
        List<String> jars = Arrays.asList(ClusterJars.kafkaSourceJars().split(","));

        assertThat(jars).hasSize(4).allSatisfy(jar -> assertThat(Files.isRegularFile(Path.of(jar))).isTrue());
        assertThat(jars).anySatisfy(jar -> assertThat(jar).contains("spark-sql-kafka-0-10"));
        assertThat(jars).anySatisfy(jar -> assertThat(jar).contains("kafka-clients"));
        assertThat(jars).anySatisfy(jar -> assertThat(jar).contains("commons-pool2"));
        assertThat(jars).anySatisfy(jar -> assertThat(jar).contains("spark-token-provider-kafka"));
    }
}
