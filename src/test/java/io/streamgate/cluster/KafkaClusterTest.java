package io.streamgate.cluster;

import io.streamgate.IntegrationTest;
import io.streamgate.Api;
import io.streamgate.RunningApp;
import io.streamgate.kafka.KafkaCluster;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app on a production-shaped Kafka cluster: three KRaft brokers, each its own JVM started from
 * Kafka's jars, and the topic with three partitions, three replicas and {@code min.insync.replicas=2}.
 * A partition's leader is killed (SIGKILL) while clients keep producing through the API.
 */
@Tag(IntegrationTest.OWN_JVM)
class KafkaClusterTest {

    private static final int PRODUCERS = 4;

    @TempDir
    Path dir;

    @Test
    void losingAPartitionLeaderUnderLoadLosesNothingAcknowledged() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 3);
             RunningApp app = RunningApp.start(kafka.bootstrapServers(), dir, Map.of(
                     "streamgate.kafka.topic.partitions", "3",
                     "streamgate.kafka.topic.replicas", "3",
                     "streamgate.kafka.topic.min-insync-replicas", "2",
                     "streamgate.pipeline.archive.trigger", "1s"))) {
            TopicDescription topic = kafka.describe("testTopic");
            assertThat(topic.partitions()).hasSize(3).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            assertThat(topicConfig(kafka, "testTopic").get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
            assertThat(app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<Long> acknowledgedSentAt = Collections.synchronizedList(new ArrayList<>());
            List<Long> unavailableAt = Collections.synchronizedList(new ArrayList<>());
            List<Api.Response> unexpected = Collections.synchronizedList(new ArrayList<>());
            AtomicLong slowestNanos = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(PRODUCERS);
            for (int i = 0; i < PRODUCERS; i++) {
                clients.execute(() -> produce(app.api, producing, next, acknowledged, acknowledgedSentAt, unavailableAt,
                        unexpected, slowestNanos));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 300);

            KafkaCluster.KafkaNode leader = kafka.leaderOf("testTopic", 0);
            // Counted before the kill: a request sent after it is then never in this count.
            int acknowledgedAtKill = acknowledged.size();
            long killedAt = System.nanoTime();
            leader.kill();
            // Until 300 requests sent after the last 503 (or after the kill, with none) were acknowledged.
            await("requests are acknowledged again after the leader is gone").atMost(Duration.ofSeconds(60))
                    .until(() -> sentAfter(acknowledgedSentAt, lastTrouble(killedAt, unavailableAt)) >= 300);
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(acknowledgedAtKill + 300);
            producing.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(unexpected).as("answers other than 200 and 503").isEmpty();

            // The clients met 503s for a few seconds at most: the time the cluster takes to elect a new leader.
            long firstTrouble = unavailableAt.isEmpty() ? killedAt : Collections.min(unavailableAt);
            long lastTrouble = lastTrouble(killedAt, unavailableAt);
            assertThat(Duration.ofNanos(lastTrouble - firstTrouble)).as("the span of requests answered 503")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(lastTrouble - killedAt)).as("from the kill to the last request answered 503")
                    .isLessThan(Duration.ofSeconds(15));

            leader.start();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(kafka.describe("testTopic").partitions())
                            .as("every partition's in-sync replicas heal to three")
                            .allSatisfy(partition -> assertThat(partition.isr()).hasSize(3)));

            String archive = app.api.get("/queries/status").json().get("archive").get("path").asString();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                Map<String, Integer> archivedKeys = archivedKeys(app, archive);
                assertThat(archivedKeys.keySet()).containsAll(acknowledged);
                assertThat(archivedKeys.values()).as("every record archived once").allMatch(times -> times == 1);
            });
            assertThat(app.api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING");
            System.out.printf("KafkaClusterTest: %d acknowledged, %d answered 503, slowest answer %d ms, restarts %s%n",
                    acknowledged.size(), unavailableAt.size(), TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()),
                    app.api.get("/queries/status").json().get("restarts"));
        }
    }

    private static long sentAfter(List<Long> sentAt, long time) {
        synchronized (sentAt) {
            return sentAt.stream().filter(sent -> sent > time).count();
        }
    }

    /** When the last request answered 503 was sent; the kill's time when none was. */
    private static long lastTrouble(long killedAt, List<Long> unavailableAt) {
        synchronized (unavailableAt) {
            return unavailableAt.stream().max(Long::compare).orElse(killedAt);
        }
    }

    /** One client: a POST after the other, about 25 a second, each with a key of its own. */
    private static void produce(Api api, AtomicBoolean producing, AtomicInteger next, Set<String> acknowledged,
                                List<Long> acknowledgedSentAt, List<Long> unavailableAt, List<Api.Response> unexpected,
                                AtomicLong slowestNanos) {
        while (producing.get()) {
            String key = "record-" + next.getAndIncrement();
            long sentAt = System.nanoTime();
            Api.Response response = api.postJson("/messages",
                    "{\"key\": \"" + key + "\", \"value\": {\"id\": 1, \"name\": \"" + key + "\"}}");
            slowestNanos.accumulateAndGet(System.nanoTime() - sentAt, Math::max);
            if (response.status() == 200) {
                acknowledged.add(key);
                acknowledgedSentAt.add(sentAt);
            } else if (response.status() == 503 && response.isProblem()) {
                unavailableAt.add(sentAt);
            } else {
                unexpected.add(response);
            }
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Map<String, Integer> archivedKeys(RunningApp app, String archive) {
        Map<String, Integer> keys = new HashMap<>();
        for (Row row : app.bean(SparkConnection.class).session().read().json(archive).select("key").collectAsList()) {
            keys.merge(row.getString(0), 1, Integer::sum);
        }
        return keys;
    }

    private static Map<String, ConfigEntry> topicConfig(KafkaCluster kafka, String topic)
            throws Exception {
        try (AdminClient admin = kafka.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
            Map<String, ConfigEntry> entries = new HashMap<>();
            config.entries().forEach(entry -> entries.put(entry.name(), entry));
            return entries;
        }
    }
}
