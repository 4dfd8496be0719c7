package io.streamgate.live;

import io.streamgate.Api;
import io.streamgate.EventStreamClient;
import io.streamgate.EventStreamClient.Event;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamgate.pipeline.results.ProcessedRecord;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.ResultTables;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server-sent event streams over real HTTP, against the real broker and SparkSession. */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.live.heartbeat=1s", "streamgate.live.max-subscribers=3",
        "streamgate.live.subscriber-queue=20"})
class LiveStreamsTest {

    @LocalServerPort
    int port;

    @Autowired
    TopicTail tails;

    @Autowired
    Subscribers subscribers;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ResultTables results;

    Api api;
    final List<EventStream> open = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void closeStreams() {
        open.forEach(EventStream::close);
        api.post("/queries/stop");
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.open() == 0);
    }

    @Test
    void aTailSendsEachRecordWithItsOffsetAsTheEventId() throws Exception {
        JsonNode before = api.postJson("/messages", "{\"key\": \"tail-0\", \"value\": {\"id\": 0, \"name\": \"t\"}}").json();
        EventStream tail = connect("/topics/testTopic/tail?from=latest", null);
        assertThat(tail.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(tail.headers().firstValue("X-Accel-Buffering")).contains("no");
        // The tail fixed its place before it answered, so a record produced now is one it sends.
        assertThat(tails.consumers()).isEqualTo(1);

        JsonNode published = api.postJson("/messages", "{\"key\": \"tail-1\", \"value\": {\"id\": 1, \"name\": \"tëst ✓\"}, "
                + "\"headers\": {\"source\": \"test\"}}").json();
        Event record = tail.next("record");
        assertThat(record.id()).isEqualTo(published.get("partition").asInt() + ":" + published.get("offset").asLong());
        assertThat(record.json().get("key").asString()).isEqualTo("tail-1");
        assertThat(record.json().get("value").asString()).as("UTF-8 on the wire").isEqualTo("{\"id\":1,\"name\":\"tëst ✓\"}");
        assertThat(record.json().get("headers").get("source").asString()).isEqualTo("test");

        EventStream resumed = connect("/topics/testTopic/tail?from=latest",
                before.get("partition").asInt() + ":" + before.get("offset").asLong());
        assertThat(resumed.next("record").id()).as("resumed after Last-Event-ID, from Kafka").isEqualTo(record.id());
    }

    @Test
    void aTailResumesInEveryPartitionOfItsTopic() throws Exception {
        String bootstrap = String.join(",", kafka.getBootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<String, String> producer = Producers.strings(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("live-parts", 3, (short) 1))).all().get();
            assertThat(api.putJson("/queries/live-parts", "{\"sql\": \"SELECT key, value FROM events\", "
                    + "\"outputTopic\": \"live-parts\"}").status()).isEqualTo(201);
            try {
                EventStream tail = connect("/topics/live-parts/tail?from=latest", null);
                for (int partition = 0; partition < 3; partition++) {
                    producer.send(new ProducerRecord<>("live-parts", partition, "first-" + partition, "{}")).get();
                }
                String lastId = null;
                for (int i = 0; i < 3; i++) {
                    lastId = tail.next("record").id();
                }
                assertThat(lastId).as("the client's place in every partition").isEqualTo("0:0,1:0,2:0");
                tail.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 0);

                for (int partition = 0; partition < 3; partition++) {
                    producer.send(new ProducerRecord<>("live-parts", partition, "missed-" + partition, "{}")).get();
                }
                EventStream resumed = connect("/topics/live-parts/tail?from=latest", lastId);
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    keys.add(resumed.next("record").json().get("key").asString());
                }
                assertThat(keys).as("what came on each partition while it was away")
                        .containsExactlyInAnyOrder("missed-0", "missed-1", "missed-2");
            } finally {
                api.delete("/queries/live-parts");
            }
        }
    }

    @Test
    void tailsWithAndWithoutAKeyEachGetTheirOwnRecords() throws Exception {
        EventStream all = connect("/topics/testTopic/tail?from=latest", null);
        EventStream keyed = connect("/topics/testTopic/tail?from=latest&key=keyed-2", null);
        assertThat(tails.consumers()).isEqualTo(2);

        for (int i = 1; i <= 3; i++) {
            api.postJson("/messages", "{\"key\": \"keyed-" + i + "\", \"value\": {\"id\": " + i + ", \"name\": \"k\"}}");
        }
        List<String> keys = new ArrayList<>();
        Event second = null;
        for (int i = 1; i <= 3; i++) {
            Event record = all.next("record");
            keys.add(record.json().get("key").asString());
            if ("keyed-2".equals(record.json().get("key").asString())) {
                second = record;
            }
        }
        assertThat(keys).containsExactlyInAnyOrder("keyed-1", "keyed-2", "keyed-3");
        Event onlyKey = keyed.next("record");
        assertThat(onlyKey.id()).isEqualTo(second.id());
        assertThat(onlyKey.json()).isEqualTo(second.json());
        assertThat(keyed.events.poll(1, TimeUnit.SECONDS)).as("nothing but the key's record").isNull();
    }

    @Test
    void aClientTooSlowForItsQueueLosesTheOldestEventsAndGetsAGapWithTheIdToResumeFrom() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // a client that does not read fills its socket quickly
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.getOutputStream().write(("GET /topics/testTopic/tail?from=latest HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream body = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            readHeaders(body); // the tail's place is fixed before it answers
            double droppedBefore = droppedEvents();

            // 300 records of 50 KB: more than the socket's buffers and a queue of 20 hold
            String value = "\"" + "x".repeat(50_000) + "\"";
            for (int post = 0; post < 20; post++) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    batch.add("{\"key\": \"slow-" + (post * 15 + i) + "\", \"value\": " + value + "}");
                }
                assertThat(api.postJson("/messages/batch", "[" + String.join(",", batch) + "]").status()).isEqualTo(200);
            }
            // The tail goes on reading while the client does not: its queue overflows.
            await().atMost(Duration.ofSeconds(30)).until(() -> droppedEvents() > droppedBefore);

            List<String> events = readEventsUntilAfterAGap(body);
            int gapAt = events.indexOf(events.stream().filter(e -> e.contains("event:gap\n")).findFirst().orElseThrow());
            String lastBefore = idOf(events.get(gapAt - 1));
            String gap = events.get(gapAt);
            long dropped = Api.json(gap.substring(gap.indexOf("data:") + 5)).get("dropped").asLong();
            String firstAfter = idOf(events.get(gapAt + 1));

            assertThat(dropped).isPositive();
            assertThat(idOf(gap)).as("the gap repeats the id before it: resuming from it asks for what was dropped")
                    .isEqualTo(lastBefore);
            assertThat(offsetOf(firstAfter)).as("the oldest events went, the newest came")
                    .isEqualTo(offsetOf(lastBefore) + dropped + 1);
        }
    }

    private double droppedEvents() {
        return meters.get("streamgate.live.events.dropped").counter().count();
    }

    private static void readHeaders(DataInputStream body) throws IOException {
        String status = readLine(body);
        assertThat(status).startsWith("HTTP/1.1 200");
        while (!readLine(body).isEmpty()) {
            // the response's headers
        }
    }

    /** The events of a chunked text/event-stream response, its headers read, until the first one after a gap event. */
    private static List<String> readEventsUntilAfterAGap(DataInputStream body) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int size = Integer.parseInt(readLine(body).split(";")[0].strip(), 16);
            byte[] chunk = new byte[size];
            body.readFully(chunk);
            readLine(body);
            text.append(new String(chunk, StandardCharsets.UTF_8));
            List<String> events = new ArrayList<>(List.of(text.toString().split("\n\n")));
            if (!text.toString().endsWith("\n\n")) {
                events.remove(events.size() - 1); // not complete yet
            }
            events.removeIf(event -> event.startsWith(":")); // comments
            int gap = events.indexOf(events.stream().filter(e -> e.contains("event:gap\n")).findFirst().orElse(""));
            if (size == 0 || (gap > 0 && events.size() > gap + 1)) {
                return events;
            }
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the stream ended");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static String idOf(String event) {
        return event.lines().filter(line -> line.startsWith("id:")).map(line -> line.substring(3)).findFirst().orElse(null);
    }

    private static long offsetOf(String id) {
        return Long.parseLong(id.substring(id.indexOf(':') + 1));
    }

    @Test
    void aClientThatGoesAwayFreesItsConsumer() throws Exception {
        EventStream tail = connect("/topics/testTopic/tail", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 1 && subscribers.open() == 1);
        assertThat(tails.shares("testTopic")).isTrue();
        tail.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 0 && subscribers.open() == 0);
        assertThat(tails.shares("testTopic")).as("the topic's shared events let go with its last tail").isFalse();
    }

    @Test
    void onlyTheServicesTopicsPastTheCapA429() throws Exception {
        Api.Response other = api.get("/topics/__consumer_offsets/tail");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.isProblem()).isTrue();
        assertThat(api.get("/topics/testTopic/tail?from=yesterday").status()).isEqualTo(400);
        assertThat(api.get("/queries/nobody/events").status()).isEqualTo(404);
        JsonNode topics = api.get("/topics").json();
        assertThat(topics.toString()).contains("\"testTopic\"", "\"testTopic.DLT\"", "dead-letters");

        for (int i = 0; i < 3; i++) {
            connect("/topics/testTopic.DLT/tail", null);
        }
        Api.Response fourth = api.get("/queries/streamgate/events");
        assertThat(fourth.status()).as(fourth.toString()).isEqualTo(429);
        assertThat(fourth.isProblem()).isTrue();
    }

    @Test
    void everyStreamRequestThatFailsFreesItsSlotAndItsThread() throws Exception {
        long writersBefore = liveWriterThreads();
        // Each fails after the stream's parameters are read, in the controller or before it.
        List<Map.Entry<String, Map<String, String>>> failing = List.of(
                Map.entry("/topics/__consumer_offsets/tail", Map.of()),
                Map.entry("/topics/testTopic/tail?from=yesterday", Map.of()),
                Map.entry("/topics/testTopic/tail", Map.of("Last-Event-ID", "0:1," + "9".repeat(9000))),
                Map.entry("/topics/testTopic/tail", Map.of("Accept", "application/json")),
                Map.entry("/queries/nobody/events", Map.of()),
                Map.entry("/queries/streamgate/events", Map.of("Last-Event-ID", "9".repeat(70))));
        for (int i = 0; i < 200; i++) {
            Map.Entry<String, Map<String, String>> request = failing.get(i % failing.size());
            Api.Response response = api.get(request.getKey(), request.getValue());
            assertThat(response.status()).as(request + " → " + response).isBetween(400, 499).isNotEqualTo(429);
        }
        assertThat(subscribers.open()).as("streams open after 200 failed requests").isZero();
        assertThat(tails.consumers()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> liveWriterThreads() <= writersBefore);

        // Up to the cap (3): a slot still held would make one of these a 429.
        connect("/topics/testTopic/tail", null);
        connect("/topics/testTopic/tail", null);
        connect("/queries/streamgate/events", null).next("state");
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.open() == 3);
    }

    private static long liveWriterThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("live-")).count();
    }

    @Test
    void aQuerysStreamSendsItsStateProgressAndRowsAndReplaysWhatWasMissed() throws Exception {
        EventStream events = connect("/queries/streamgate/events", null);
        Event initial = events.next("state");
        assertThat(initial.json().get("state").asString()).isIn("NOT_STARTED", "STOPPED");
        assertThat(initial.id()).as("the first state has the id of the newest event, as every event has an id").matches("\\d+");

        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"latest\", \"trigger\": \"200 ms\"}").status())
                .isEqualTo(200);
        Event running = events.next("state");
        assertThat(running.json().get("state").asString()).isEqualTo("RUNNING");
        Event progress = events.next("progress");
        assertThat(progress.json().has("numInputRows")).isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            api.postJson("/messages", "{\"key\": \"live-row\", \"value\": {\"id\": 7, \"name\": \"r\"}}");
            Event rows = events.next("rows", Duration.ofSeconds(5));
            assertThat(rows.json().toString()).contains("live-row");
        });

        EventStream replay = connect("/queries/streamgate/events", running.id());
        Event first = replay.next(null);
        assertThat(Long.parseLong(first.id())).as("the event after Last-Event-ID").isEqualTo(Long.parseLong(running.id()) + 1);
    }

    /**
     * A rows event keeps the rows it sends, no more: the query's ring keeps its events after their clients
     * have left, and a backlog's batch shows the results' 10,000 rows.
     */
    @Test
    void aRowsEventKeepsOnlyTheRowsItSends() throws Exception {
        EventStream events = connect("/queries/streamgate/events", null);
        events.next("state");
        ResultTable table = results.of("streamgate", ResultTable.Shape.RECORDS);
        WeakReference<ResultRow> oldest = writeBatchOf(1_000, table);
        table.replace(List.of()); // the table lets the batch go

        Event rows = events.next("rows", Duration.ofSeconds(5));
        assertThat(rows.json().size()).isEqualTo(100);
        assertThat(rows.json().get(0).get("offset").asLong()).as("newest first").isEqualTo(999);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return oldest.refersTo(null);
        });
    }

    /** @return the batch's oldest row, which its rows event does not send */
    private static WeakReference<ResultRow> writeBatchOf(int size, ResultTable table) {
        List<ResultRow> batch = new ArrayList<>();
        for (int offset = 0; offset < size; offset++) {
            batch.add(new ProcessedRecord("k", "{}", "testTopic", 0, offset, Instant.EPOCH, "{}", true, null, 0, Instant.EPOCH));
        }
        table.write(batch);
        return new WeakReference<>(batch.get(0));
    }

    private EventStream connect(String path, String lastEventId) throws Exception {
        EventStream stream = new EventStream(port, path, lastEventId);
        open.add(stream);
        return stream;
    }

    /** A stream's events queued as they come, to be taken by name. */
    static final class EventStream {

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final EventStreamClient client;

        /** @param lastEventId sent as {@code Last-Event-ID}; null for none */
        EventStream(int port, String path, String lastEventId) throws Exception {
            client = EventStreamClient.open(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port + path),
                    lastEventId, events::add);
        }

        Event next(String name) throws InterruptedException {
            return next(name, Duration.ofSeconds(30));
        }

        /** The next event of that name (any, for null), skipping others. */
        Event next(String name, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Event> skipped = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                Event event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event != null && (name == null || name.equals(event.name()))) {
                    return event;
                }
                if (event != null) {
                    skipped.add(event);
                }
            }
            throw new AssertionError("no '" + name + "' event within " + timeout + "; other events: " + skipped);
        }

        HttpHeaders headers() {
            return client.headers();
        }

        /** Whether the server ended the stream within the timeout. */
        boolean awaitEnd(Duration timeout) throws InterruptedException {
            return client.awaitEnd(timeout);
        }

        void close() {
            client.close();
        }
    }
}
