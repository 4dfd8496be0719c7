package io.streamgate.reliability;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak: a few hundred thousand records in rounds. After each round is processed the heap
 * in use (after a GC) is sampled; it must not grow with the number of records, and every record
 * produced must be processed, and archived, exactly once.
 */
@IntegrationTest
class SoakTest {

    private static final int ROUNDS = 4;
    private static final int RECORDS_PER_ROUND = 75_000;

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    SparkConnection spark;

    @Test
    void heapStaysFlatAndEveryRecordIsProcessed() throws Exception {
        Api api = new Api(port);
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\", \"trigger\": \"0 ms\"}").status()).isEqualTo(200);
        List<Long> heapAfterRound = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < RECORDS_PER_ROUND; i++) {
                    int id = round * RECORDS_PER_ROUND + i;
                    String value = id % 10 == 0 ? "not json " + id : "{\"id\": " + id + ", \"name\": \"soak-" + id + "\", \"amount\": " + (id % 1000) / 10.0 + "}";
                    producer.send(new ProducerRecord<>("testTopic", "k" + id, value));
                }
                producer.flush();
                long expected = (long) (round + 1) * RECORDS_PER_ROUND;
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> processedRows(api) >= expected);
                assertThat(processedRows(api)).isEqualTo(expected);
                // Sampled with the query caught up, its archive written: one query, which writes the archive too.
                assertThat(spark.session().streams().active()).hasSize(1);
                for (StreamingQuery query : spark.session().streams().active()) {
                    query.processAllAvailable();
                }
                heapAfterRound.add(usedHeapAfterGc());
            }
        }
        long total = (long) ROUNDS * RECORDS_PER_ROUND;
        assertThat(invalidRows(api)).isEqualTo(total / 10);
        assertThat(api.get("/queries/results?limit=10000").json().size()).isEqualTo(10_000);

        String archive = api.get("/queries/status").json().get("archive").get("path").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> spark.session().read().json(archive).count() == total);
        assertThat(spark.session().read().json(archive).select("offset").distinct().count()).isEqualTo(total);

        // Flat: the last round holds no more than the first plus a margin for GC noise; a leak of even
        // 200 bytes a record would add over 40 MB across the later rounds.
        System.out.println("Soak: " + total + " records; heap in use after GC, per round (MiB): "
                + heapAfterRound.stream().map(bytes -> bytes / (1024 * 1024)).toList());
        long first = heapAfterRound.get(0);
        long last = heapAfterRound.get(heapAfterRound.size() - 1);
        assertThat(last).as("heap after each round (bytes): %s", heapAfterRound).isLessThan(first + 40L * 1024 * 1024);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processedRows(Api api) {
        return (long) measurement(api, "streamgate.query.rows");
    }

    private static long invalidRows(Api api) {
        return (long) measurement(api, "streamgate.query.invalid.rows");
    }

    private static double measurement(Api api, String meter) {
        JsonNode measurements = api.get("/actuator/metrics/" + meter).json().get("measurements");
        return measurements.get(0).get("value").asDouble();
    }
}
