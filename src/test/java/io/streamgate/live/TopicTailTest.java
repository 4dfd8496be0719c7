package io.streamgate.live;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.Producers;
import io.streamgate.kafka.EmbeddedBrokerProperties;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import io.streamgate.kafka.KnownTopic;
import io.streamgate.kafka.KnownTopics;
import io.streamgate.kafka.NoSuchTopicException;
import io.streamgate.kafka.TestKafkaClientSettings;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Tails of a real KRaft broker's topics, through the tail endpoint: where a tail begins, that its place
 * is fixed before it answers, how it resumes, what it filters, and that its consumer goes with it.
 */
class TopicTailTest {

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, String> producer;

    private Subscribers subscribers;
    private TopicTail tails;
    private MockMvc mvc;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(new EmbeddedBrokerProperties(true, "127.0.0.1", 0, 0, dir));
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", 1, (short) 1), new NewTopic("events.DLT", 1, (short) 1),
                    new NewTopic("other", 1, (short) 1))).all().get();
        }
        producer = Producers.strings(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    @BeforeEach
    void openTails() {
        LiveProperties settings = new LiveProperties(10, Duration.ofSeconds(1), 100, 100, 100, 1000);
        subscribers = new Subscribers(settings, new SimpleMeterRegistry(), JsonMapper.shared());
        subscribers.start();
        KnownTopics known = () -> List.of(new KnownTopic("events", KnownTopic.Role.TOPIC),
                new KnownTopic("events.DLT", KnownTopic.Role.DEAD_LETTERS), new KnownTopic("big-orders", KnownTopic.Role.OUTPUT));
        tails = new TopicTail(TestKafkaClientSettings.plaintext(broker.bootstrapServers()), known, subscribers, settings,
                Clock.systemUTC());
        mvc = MockMvcBuilders.standaloneSetup(new LiveController(tails, null)).build();
    }

    @AfterEach
    void closeTails() {
        subscribers.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 0);
    }

    @Test
    void aTailIsAtItsPlaceBeforeItAnswers() throws Exception {
        send("events", "before");

        MvcResult tail = tail("/topics/events/tail?from=latest", null);
        send("events", "after"); // produced as soon as the tail answered: the tail sends it

        await().atMost(Duration.ofSeconds(20)).until(() -> body(tail).contains("\"key\":\"after\""));
        assertThat(body(tail)).doesNotContain("\"key\":\"before\"");
    }

    @Test
    void fromEarliestATailBeginsWithTheTopicsFirstRecord() throws Exception {
        send("events.DLT", "first-dead-letter");
        MvcResult tail = tail("/topics/events.DLT/tail?from=earliest", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> body(tail).contains("\"key\":\"first-dead-letter\""));
        assertThat(body(tail)).contains("id:0:0\n");
    }

    @Test
    void aClientThatResumesGoesOnAfterTheRecordsItHad() throws Exception {
        long had = send("events", "had");
        send("events", "missed");

        MvcResult resumed = tail("/topics/events/tail?from=latest", "0:" + had);

        await().atMost(Duration.ofSeconds(20)).until(() -> body(resumed).contains("\"key\":\"missed\""));
        assertThat(body(resumed)).doesNotContain("\"key\":\"had\"");
    }

    @Test
    void aTailWithAKeySendsThatKeysRecordsOnly() throws Exception {
        MvcResult tail = tail("/topics/events/tail?from=latest&key=wanted", null);
        send("events", "unwanted");
        send("events", "wanted");
        await().atMost(Duration.ofSeconds(20)).until(() -> body(tail).contains("\"key\":\"wanted\""));
        assertThat(body(tail)).doesNotContain("\"key\":\"unwanted\"");
    }

    @Test
    void onlyTheServicesOwnTopicsAreTailed() {
        assertThat(tails.tailable()).extracting(TailableTopic::name).containsExactly("events", "events.DLT", "big-orders");
        assertThatThrownBy(() -> tails.tail("other", "latest", null, null)).isInstanceOf(NoSuchTopicException.class);
        assertThatThrownBy(() -> tails.tail("events", "yesterday", null, null)).isInstanceOf(InvalidTailRequestException.class);
        assertThat(tails.consumers()).as("nothing opened for a refusal").isZero();
    }

    @Test
    void aTailsConsumerGoesWithItsClient() throws Exception {
        Subscriber subscriber = tails.tail("events", "latest", null, null);
        assertThat(tails.consumers()).isEqualTo(1);
        assertThat(tails.shares("events")).isTrue();

        subscriber.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 0);
        assertThat(tails.shares("events")).as("the topic's shared events go with its last tail").isFalse();
    }

    private MvcResult tail(String path, String lastEventId) throws Exception {
        var request = get(path).accept("text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return mvc.perform(request).andReturn();
    }

    private static long send(String topic, String key) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, "{}")).get().offset();
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }
}
