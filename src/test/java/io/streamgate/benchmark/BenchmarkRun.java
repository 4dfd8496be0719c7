package io.streamgate.benchmark;

import io.streamgate.Api;
import io.streamgate.EventStreamClient;
import io.streamgate.Producers;
import io.streamgate.cluster.SparkStandalone;
import io.streamgate.kafka.KafkaCluster;
import io.streamgate.kafka.KafkaListeners;
import io.streamgate.kafka.TestCertificates;
import io.streamgate.pipeline.BenchmarkAccess;
import io.streamgate.pipeline.spark.GeneratedCodeReuse;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;

/**
 * The benchmark: the service on its embedded broker in its own JVM, measured side by side with raw
 * Kafka on the same broker in the same run. Not a test: it asserts nothing about speed and runs only
 * with {@code ./mvnw -Pbenchmark verify}. Prints a table and writes target/benchmark/report.md.
 */
@EnabledIfSystemProperty(named = "streamgate.benchmark", matches = "true")
class BenchmarkRun {

    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    /** The records' schema, the service's default: Spark alone parses the backlog with it too. */
    static final String RECORD_SCHEMA = "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE";
    private static final int DRAIN_RECORDS = Integer.getInteger("benchmark.drain", 1_000_000);
    /**
     * Drains before the measured ones, not in the medians: on 2 cores the JIT needs several drains to
     * compile the batch path (six drains of 1 M rows in a row: 31k rows/s, 65k, then 69-78k).
     */
    private static final int DRAIN_WARMUPS = Integer.getInteger("benchmark.drain.warmups", 2);
    /**
     * Drains before the two the drain aim compares, Spark alone validating and the service: both measured
     * warm. The service's JVM holds the broker, Spark and the sinks' code, and on 2 cores its JIT still
     * took 16% of its CPU in drains 9 to 11, 5% in drains 31 to 33 (2026-12-07, docs/benchmark.md).
     */
    private static final int AIM_WARMUPS = Integer.getInteger("benchmark.drain.aim-warmups", 30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final Path OUT = Path.of("target", "benchmark");
    /**
     * Which parts to run, by name: startup, archive-log, produce, latency, drain, archive, queries, joins,
     * stream-join, isolation, live, cluster, secured; e.g. -Dbenchmark.only=latency,drain. The pom's
     * {@code benchmark.only} names the default ones, and {@code -Pbenchmark} always passes it.
     */
    private static final Set<String> ONLY = Set.copyOf(List.of(pomProperty("benchmark.only").trim().split("\\s*,\\s*")));
    /**
     * The joins part's plain query, and the same with each row looked up in a table of customers. Both
     * aggregate, so that Spark reads every row of each batch (a query of rows alone is read only as far as
     * its results keep), and the drain's count of rows is the topic's.
     */
    private static final String PLAIN_SQL = "SELECT e.id % 100 AS bucket, count(*) AS n FROM events e WHERE valid "
            + "GROUP BY e.id % 100";
    private static final String ENRICHED_SQL = "SELECT e.id % 100 AS bucket, count(*) AS n, count(c.name) AS matched "
            + "FROM events e LEFT JOIN bench_customers c ON e.id = c.id WHERE valid GROUP BY e.id % 100";
    /** Micro-batch load before the timed windows, at 500 rec/s: see {@link #latency}. */
    private static final Duration LATENCY_WARMUP = Duration.ofSeconds(Integer.getInteger("benchmark.latency.warmup", 300));
    /** How long the isolation part counts the default query's rows; shorter than draining the backlog takes. */
    private static final Duration ISOLATION_WINDOW = Duration.ofSeconds(10);
    /** How many users' queries run side by side in the queries part. */
    private static final List<Integer> QUERY_COUNTS = List.of(1, 4, 8);
    /** A typical user query: a filter and a grouped count and sum, 100 groups. */
    private static final String USER_QUERY_SQL = "SELECT id % 100 AS bucket, count(*) AS n, sum(amount) AS total "
            + "FROM events WHERE valid GROUP BY id % 100";
    /** The standalone cluster's shape: workers, and cores each (all of this machine's by default). */
    private static final int CLUSTER_WORKERS = Integer.getInteger("benchmark.cluster.workers", 1);
    private static final int CLUSTER_CORES = Integer.getInteger("benchmark.cluster.cores",
            Runtime.getRuntime().availableProcessors());
    /** Which query modes the latency part measures, e.g. -Dbenchmark.modes=micro-batch (default: the pom's). */
    private static final String MODES = pomProperty("benchmark.modes");
    /** Extra service arguments, to try a setting: -Dbenchmark.args="--streamgate.pipeline.trigger=0ms". */
    private static final List<String> SERVICE_ARGS = List.of(System.getProperty("benchmark.args", "").split("\\s+"));

    private final Map<String, String> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final AtomicLong maxRss = new AtomicLong();
    private final Aims aims = new Aims();
    private long backlog = -1; // the drain's records, written once per run

    @Test
    void measure() throws Exception {
        deleteRecursively(OUT);
        if (ONLY.contains("startup")) {
            startup(); // before the service the other parts share, so that nothing else runs beside it
        }
        if (ONLY.contains("archive-log")) {
            archiveLog(); // in this JVM, before the service starts
        }
        try (ServiceProcess service = new ServiceProcess(OUT.resolve("data"), SERVICE_ARGS)) {
            row("Startup to healthy /actuator/health", "%.1f s", service.startup.toMillis() / 1000.0);
            aims.atMost("Startup to healthy (the service's class path, as spring-boot:run)", service.startup.toMillis() / 1000.0, 8, " s");
            ScheduledExecutorService rssSampler = Executors.newSingleThreadScheduledExecutor();
            rssSampler.scheduleAtFixedRate(() -> maxRss.accumulateAndGet(service.residentBytes(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
            createTopic(service.bootstrapServers(), "bench-raw");
            try {
                if (ONLY.contains("produce")) {
                    produceThroughput(service);
                }
                if (ONLY.contains("latency")) {
                    latency(service);
                }
                if (ONLY.contains("drain")) {
                    drain(service);
                }
                if (ONLY.contains("archive")) {
                    archive(service);
                }
                if (ONLY.contains("archive-writer")) {
                    archiveWriter(service);
                }
                if (ONLY.contains("queries")) {
                    userQueries(service);
                }
                if (ONLY.contains("joins")) {
                    joins(service);
                }
                if (ONLY.contains("stream-join")) {
                    streamJoin(service);
                }
                if (ONLY.contains("isolation")) {
                    isolation(service);
                }
                if (ONLY.contains("live")) {
                    live(service);
                }
                if (ONLY.contains("cluster")) {
                    cluster(service);
                }
                if (ONLY.contains("secured")) {
                    secured();
                }
            } finally {
                rssSampler.shutdownNow();
            }
            row("Resident memory of the service, max under load", "%d MiB", maxRss.get() / (1024 * 1024));
            aims.atMost("Resident memory under this run's load", maxRss.get() / (1024 * 1024), 1536, " MiB");
        }
        report();
    }

    // ---- 0. startup, as users start the service ----

    private void startup() throws Exception {
        Optional<Path> jar = StartupRuns.packagedJar();
        if (jar.isEmpty()) {
            row("Startup with java -jar", "not measured: package the current code first (./mvnw -DskipTests package)");
            return;
        }
        StartupRuns runs = new StartupRuns(OUT.resolve("startup"), SERVICE_ARGS);
        List<Double> plain = runs.starts("jar", List.of("-jar", jar.get().toString()), RUNS);
        row("Startup to healthy, java -jar (fresh data each)", "%.1f s (runs: %s)", Stats.median(plain), seconds(plain));
        Path extracted = runs.extracted(jar.get());
        Path archive = runs.classArchive(extracted);
        List<String> withCds = List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
        List<Double> cds = runs.starts("cds", withCds, RUNS);
        row("Startup to healthy, extracted jar + class data sharing archive", "%.1f s (runs: %s)", Stats.median(cds), seconds(cds));
        aims.atMost("Startup to healthy with java -jar (extracted, with its CDS archive)", Stats.median(cds), 8, " s");
        double[] resumed = runs.resumeAfterKill(withCds);
        row("Started again after SIGKILL: healthy · default query RUNNING", "%.1f s · %.1f s%s", resumed[0], resumed[1],
                resumed[2] > 0 ? " (held, started by a request)" : " (resumed by itself)");
        aims.atMost("Resume after SIGKILL, process start to RUNNING", resumed[1], 10, " s");
    }

    private void archiveLog() {
        double[][] millis = new ArchiveLogCompaction(OUT.resolve("archive-log")).millis();
        for (int size = 0; size < millis.length; size++) {
            row(String.format(Locale.ROOT, "Archive log, a compaction at %,d entries: Spark's file sink log · the archive's",
                    ArchiveLogCompaction.ENTRIES.get(size)), "%.0f ms · %.0f ms", millis[size][0], millis[size][1]);
        }
    }

    private static String seconds(List<Double> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%.1f", value)).collect(Collectors.joining(", "));
    }

    // ---- 1. produce throughput ----

    private void produceThroughput(ServiceProcess service) throws Exception {
        String small = payload(100);
        String large = payload(1000);
        rawProducer(service, small, 50_000); // warm-up
        double raw100 = medianOf(() -> rawProducer(service, small, 200_000));
        double raw1k = medianOf(() -> rawProducer(service, large, 100_000));
        row("Raw KafkaProducer, 100 B, acks=all", "%,.0f rec/s", raw100);
        row("Raw KafkaProducer, 1 KB, acks=all", "%,.0f rec/s", raw1k);

        // The JIT needs tens of thousands of requests before Tomcat, Spring MVC and Jackson run at speed.
        singlePosts(service, small, 40_000, 64); // warm-up
        double posts = medianOf(() -> singlePosts(service, small, 20_000, 64));
        row("POST /messages, 100 B, 64 concurrent clients", "%,.0f rec/s (%.2f× raw)", posts, posts / raw100);
        // The same client and clients on the service's cheapest endpoint: what HTTP itself allows here.
        double liveness = medianOf(() -> concurrently(64, 20_000, () -> service.api.get("/actuator/health/liveness"), 1));
        row("GET /actuator/health/liveness, 64 concurrent clients", "%,.0f req/s (single POSTs %.2f× of it)",
                liveness, posts / liveness);
        double posts1k = medianOf(() -> singlePosts(service, large, 20_000, 64));
        row("POST /messages, 1 KB, 64 concurrent clients", "%,.0f rec/s (%.2f× raw)", posts1k, posts1k / raw1k);

        batchPosts(service, small, 50_000, 500, 8); // warm-up
        double batches = medianOf(() -> batchPosts(service, small, 200_000, 500, 8));
        row("POST /messages/batch, 100 B, 500 per batch, 8 clients", "%,.0f rec/s (%.2f× raw)", batches, batches / raw100);
        double batches1k = medianOf(() -> batchPosts(service, large, 100_000, 500, 8));
        row("POST /messages/batch, 1 KB, 500 per batch, 8 clients", "%,.0f rec/s (%.2f× raw)", batches1k, batches1k / raw1k);
    }

    private static double rawProducer(ServiceProcess service, String value, int records) throws Exception {
        try (KafkaProducer<String, String> producer = producer(service.bootstrapServers())) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("bench-raw", "k" + i, value));
            }
            producer.flush();
            return records / seconds(start);
        }
    }

    private static double singlePosts(ServiceProcess service, String value, int requests, int clients) throws Exception {
        String body = "{\"key\": \"b\", \"value\": \"" + value + "\"}";
        return concurrently(clients, requests, () -> service.api.postJson("/messages", body), 1);
    }

    private static double batchPosts(ServiceProcess service, String value, int records, int perBatch, int clients) throws Exception {
        String body = "[" + String.join(",", Collections.nCopies(perBatch, "{\"value\": \"" + value + "\"}")) + "]";
        return concurrently(clients, records / perBatch, () -> service.api.postJson("/messages/batch", body), perBatch);
    }

    /** Runs {@code calls} requests on {@code clients} threads; every answer must be 200. */
    private static double concurrently(int clients, int calls, java.util.function.Supplier<Api.Response> call, int recordsPerCall)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger remaining = new AtomicInteger(calls);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0) {
                    Api.Response response = call.get();
                    if (response.status() != 200) {
                        throw new IllegalStateException("Unexpected answer: " + response);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double rate = (double) calls * recordsPerCall / seconds(start);
        pool.shutdown();
        return rate;
    }

    // ---- 2. end-to-end latency ----

    private void latency(ServiceProcess service) throws Exception {
        for (String mode : MODES.split(",")) {
            Api.Response response = service.api.postJson("/queries/start",
                    "{\"startingOffsets\": \"latest\", \"mode\": \"" + mode + "\"}");
            JsonNode started = response.json();
            if (response.status() == 400) {
                // A mode these settings refuse (real-time on a cluster master, too few cores): said in the report.
                row("End to end, POST → /queries/results, " + mode, "not measured: %s", started.path("detail").asString());
                continue;
            }
            if (!"RUNNING".equals(started.path("state").asString())) {
                throw new IllegalStateException("Query did not start: " + started);
            }
            Thread.sleep(3000); // the source has resolved its offsets
            if (mode.equals("real-time")) {
                realTimeLatency(service);
                service.api.post("/queries/stop");
                continue;
            }
            // Warm-up: the JIT compiles Spark's planning for minutes of batches; on 2 cores its threads took
            // 0.6-0.7 of a core 90 s into the load and 0.1-0.2 after 5 minutes (the windows' rows say).
            restLatency(service, 500, LATENCY_WARMUP);
            for (int rate : new int[] {100, 1000}) {
                List<Double> probed;
                CpuWindow probing = service.cpuWindow();
                try (BatchDurations batches = BatchDurations.sample(service.api)) {
                    probed = restLatency(service, rate, Duration.ofSeconds(15));
                    row("Micro-batch durations at " + rate + " rec/s (medians, ms)", "%s · JIT compiling %.2f cores",
                            batches.medians(), probing.compilerCores());
                    if (rate == 100) {
                        aims.atMost("Micro-batch at 100 rec/s, median addBatch", batches.median("addBatch"), 50, " ms");
                    }
                }
                row("End to end, POST → /queries/results, " + mode + ", " + rate + " rec/s",
                        "%s (%d probes, each asking every 50 ms)", Stats.percentiles(probed, 0), probed.size());
                // Then every record timed, as in real-time mode: the aims' figures. The probes, whose 50 ms
                // steps add 25 ms on average, stay beside it for earlier runs' sake.
                Duration window = Duration.ofSeconds(15);
                long batchBefore = lastBatchId(service);
                CpuWindow cpu = service.cpuWindow();
                RowsEventLatency timed = RowsEventLatency.measure(service, "streamgate", rate, Duration.ofSeconds(5), window);
                row("Service's CPU and batches, micro-batch, " + rate + " rec/s (POSTs, batches, rows events)",
                        "%.2f cores, of which JIT compiling %.2f · %.1f batches/s", cpu.cores(), cpu.compilerCores(),
                        (lastBatchId(service) - batchBefore) / cpu.seconds());
                timed.write(OUT.resolve("micro-batch-" + rate + ".csv"));
                List<Double> every = timed.latencies();
                row("End to end, POST → rows event, " + mode + ", " + rate + " rec/s",
                        "%s (%d of %d records timed)", Stats.percentiles(every, 0), every.size(), rate * window.toSeconds());
                if (rate == 1000) {
                    aims.atMost("Micro-batch end to end at 1,000 rec/s, p50", Stats.percentile(every, 50), 150, " ms");
                    aims.atMost("Micro-batch end to end at 1,000 rec/s, p99", Stats.percentile(every, 99), 300, " ms");
                }
            }
            // Idle: what the query costs while nothing comes (Spark asks Kafka for offsets at each look).
            Thread.sleep(10_000);
            CpuWindow idle = service.cpuWindow();
            Thread.sleep(30_000);
            row("Service's CPU idle, the micro-batch query running, nothing produced", "%.3f cores", idle.cores());
            service.api.post("/queries/stop");
            // The floor under the service's small batch: Spark alone, the same parse and validation.
            for (SparkAloneBatches.Medians spark : SparkAloneBatches.measure(service.bootstrapServers(), 100,
                    Duration.ofSeconds(60), Duration.ofSeconds(15))) {
                row("Micro-batch durations at 100 rec/s, Spark alone validating, " + spark.sink() + " sink (medians, ms)",
                        "%s", spark.shown());
            }
        }
        for (int rate : new int[] {100, 1000}) {
            List<Double> latencies = kafkaLatency(service, rate, Duration.ofSeconds(10));
            row("End to end, raw Kafka produce → consume, " + rate + " rec/s", "%s (n=%d)",
                    Stats.percentiles(latencies, 1), latencies.size());
        }
    }

    /**
     * Real-time mode, every record timed by the rows event that carries it: the REST probes' 50 ms
     * polling would hide a tail of a few tens of milliseconds. At 1,000 rec/s the window is 75 s: with
     * the checkpoint every 5 minutes by default, it holds an epoch's end in about one run of four.
     */
    private void realTimeLatency(ServiceProcess service) throws Exception {
        for (int rate : new int[] {100, 1000}) {
            RowsEventLatency tail = RowsEventLatency.measure(service, "streamgate", rate,
                    Duration.ofSeconds(rate == 100 ? 60 : 30), Duration.ofSeconds(rate == 100 ? 15 : 75));
            List<Double> latencies = tail.latencies();
            row("End to end, POST → rows event, real-time, " + rate + " rec/s", "%s (n=%d)",
                    Stats.percentiles(latencies, 1), latencies.size());
            if (rate == 1000) {
                aims.atMost("Real-time end to end at 1,000 rec/s, p99", Stats.percentile(latencies, 99), 20, " ms");
                row("Real-time at 1,000 rec/s, where the tail comes from", "%s", tail.attribution(20, service.gcLog));
                tail.write(OUT.resolve("real-time-1000.csv"));
            }
        }
    }

    /**
     * Sends at a steady rate. Every record is timed from the start of its request; a probe per
     * sampled record (5 a second) then asks {@code /queries/results?key=...} every 50 ms until the
     * row shows: cheap lookups, few enough that measuring does not load the service (more probes,
     * polled faster, slowed the service down and so lengthened what they measured), at the price of
     * a 50 ms resolution. The probe is a record at a random point of each fifth of a second: taken
     * every 200 ms exactly, a window's probes all came at one point of a 200 ms trigger's cycle, and
     * measured that point's wait for its batch (0–200 ms) instead of the records'.
     */
    private static List<Double> restLatency(ServiceProcess service, int rate, Duration duration) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        int total = (int) (rate * duration.toSeconds());
        int probeEvery = Math.max(1, rate / 5); // about 5 probes a second, whatever the rate
        Random random = new Random();
        int[] probeAt = IntStream.range(0, (total + probeEvery - 1) / probeEvery)
                .map(block -> block * probeEvery + random.nextInt(probeEvery)).filter(i -> i < total).toArray();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(16);
        ScheduledExecutorService probes = Executors.newScheduledThreadPool(4);
        CountDownLatch probed = new CountDownLatch(probeAt.length);
        paced(rate, total, i -> {
            String key = run + "-" + i;
            boolean probe = Arrays.binarySearch(probeAt, i) >= 0;
            senders.submit(() -> {
                long sent = System.nanoTime();
                service.api.postJson("/messages", "{\"key\": \"" + key + "\", \"value\": {\"id\": 1, \"name\": \"latency\"}}");
                if (probe) {
                    probes.execute(new Probe(service.api, key, sent, latencies, probed, probes));
                }
            });
        });
        probed.await(60, TimeUnit.SECONDS);
        senders.shutdown();
        probes.shutdownNow();
        return new ArrayList<>(latencies);
    }

    /** The default query's last batch id: batch ids count the batches a run has made. */
    private static long lastBatchId(ServiceProcess service) {
        return service.api.get("/queries/status").json().path("lastProgress").path("batchId").asLong();
    }

    /** One lookup; reschedules itself in 50 ms until the row shows, so a few threads serve many probes. */
    private record Probe(Api api, String key, long sent, List<Double> latencies, CountDownLatch done,
                         ScheduledExecutorService scheduler) implements Runnable {

        @Override
        public void run() {
            if (api.get("/queries/results?limit=1&key=" + key).body().length() > 2) {
                latencies.add((System.nanoTime() - sent) / 1e6);
                done.countDown();
            } else if (System.nanoTime() - sent > Duration.ofSeconds(30).toNanos()) {
                done.countDown(); // never seen: counted by n in the report
            } else {
                scheduler.schedule(this, 50, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static List<Double> kafkaLatency(ServiceProcess service, int rate, Duration duration) throws Exception {
        String topic = "bench-latency-" + rate;
        createTopic(service.bootstrapServers(), topic);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        int total = (int) (rate * duration.toSeconds());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
             KafkaProducer<String, String> producer = producer(service.bootstrapServers())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            Thread sender = new Thread(() -> {
                try {
                    paced(rate, total, i -> producer.send(new ProducerRecord<>(topic, "k", Long.toString(System.nanoTime()))));
                } catch (InterruptedException e) {
                    // the measurement ended
                }
            });
            sender.start();
            long deadline = System.nanoTime() + duration.plusSeconds(20).toNanos();
            while (latencies.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    latencies.add((System.nanoTime() - Long.parseLong(record.value())) / 1e6);
                }
            }
            sender.join();
        }
        return latencies;
    }

    // ---- 3. processing throughput ----

    /** The drain's backlog in testTopic, written at its first use in the run. */
    private long backlog(ServiceProcess service) throws Exception {
        if (backlog >= 0) {
            return backlog;
        }
        // The backlog is the JSON records alone, in a full run as in a drain-only one: what the produce
        // and latency parts wrote before (1.3 M records, none of them JSON) would all be dead letters.
        backlog = freshBacklog(service.bootstrapServers());
        notes.add(String.format(Locale.ROOT, "Backlog drained: %,d records in testTopic, 10%% of them not JSON (what the topic "
                + "held before, from the produce and latency parts, deleted first).", backlog));
        return backlog;
    }

    private void drain(ServiceProcess service) throws Exception {
        long backlog = backlog(service);

        // Spark alone, in this JVM, same broker, noop sink: the cost of validation by itself.
        SparkSession spark = BenchmarkAccess.localSparkSession();
        List<Double> sparkAlone;
        try {
            rateRow("Drain, Spark only: cast key/value (noop sink)", warmedRuns(() -> sparkDrain(spark, service, backlog, false)));
            runs(AIM_WARMUPS, () -> sparkDrain(spark, service, backlog, true));
            // Spark alone's JVM and the broker it reads from, the service's.
            CpuWindow cpu = CpuWindow.over(ProcessHandle.current().pid(), service.pid());
            sparkAlone = runs(() -> sparkDrain(spark, service, backlog, true));
            double rows = backlog * (double) RUNS;
            rateRow("Drain, Spark only: cast + JSON parse + validation (noop sink)", sparkAlone);
            row("Drain, Spark only validating: its CPU for each 1 M rows, the broker's included (core-seconds)",
                    "%.1f, the JIT compiling %.1f of them", cpu.cpuSecondsPerMillion(rows), cpu.compilerSecondsPerMillion(rows));
            // Spark's default: each query run's tasks in a class loader of their own, its code compiled again.
            String isolation = spark.conf().get(GeneratedCodeReuse.ARTIFACT_ISOLATION);
            spark.conf().set(GeneratedCodeReuse.ARTIFACT_ISOLATION, true);
            rateRow("Drain, Spark only: the same, Spark's default artifact isolation (each run compiles its code again)",
                    warmedRuns(() -> sparkDrain(spark, service, backlog, true)));
            spark.conf().set(GeneratedCodeReuse.ARTIFACT_ISOLATION, isolation);
        } finally {
            spark.stop();
        }
        List<DrainRates> coldDrains = runs(AIM_WARMUPS, () -> serviceDrain(service, backlog));
        if (!coldDrains.isEmpty()) {
            // What a service just started does: a drain right after an outage and a restart meets this JIT.
            row("Drain, the service's first drain after start (cold JIT; a warm-up, not in the medians)",
                    "%,.0f rows/s, the archive through at %,.0f", coldDrains.get(0).processed(), coldDrains.get(0).archived());
        }
        List<DrainRates> drains = runs(() -> serviceDrain(service, backlog));
        rateRow("Drain, streamgate query (validation, results, DLT, console)", drains.stream().map(DrainRates::processed).toList());
        rateRow("Drain, the archive caught up too", drains.stream().map(DrainRates::archived).toList());
        List<Double> cpu = drains.stream().map(DrainRates::cpuSecondsPerMillion).toList();
        row("Drain, the service's CPU for each 1 M rows, its broker's included (core-seconds)", "%.1f (runs: %s), the JIT compiling %.1f of them",
                Stats.median(cpu), cpu.stream().map(seconds -> String.format(Locale.ROOT, "%.1f", seconds)).collect(Collectors.joining(", ")),
                Stats.median(drains.stream().map(DrainRates::compilerSecondsPerMillion).toList()));
        aims.atLeast("Drain with every default sink, against Spark alone validating (×)",
                Stats.median(drains.stream().map(DrainRates::archived).toList()) / Stats.median(sparkAlone), 0.8, "");
    }

    // ---- the archive: what its layout costs a drain, and SQL over it ----

    /**
     * Spark alone, in this JVM: the drain with the archive written by Spark's file sink in the layout of
     * before (fields as JSON text, one folder) and in today's (fields a struct, headers, a folder a day),
     * back to back. Then the service: its archive holds the drain's records (each drain a generation)
     * and a day of others, three days back; a key lookup, a count and that day, each cold (its first
     * run) and warm (the median of the next ones), the day beside the same day found by a condition
     * Spark cannot prune folders by.
     */
    private void archive(ServiceProcess service) throws Exception {
        long backlog = backlog(service);
        SparkSession spark = BenchmarkAccess.localSparkSession();
        try {
            List<Double> first = warmedRuns(() -> sparkArchiveDrain(spark, service, backlog, 1));
            List<Double> second = warmedRuns(() -> sparkArchiveDrain(spark, service, backlog, 2));
            rateRow("Drain, Spark only: + archive in layout 1 (fields as JSON text, one folder)", first);
            rateRow("Drain, Spark only: + archive in layout 2 (fields a struct, headers, a folder a day)", second);
            row("Archive layout 2 against layout 1, the same drain (aim: at least 0.9×)", "%.2f×",
                    Stats.median(second) / Stats.median(first));
        } finally {
            spark.stop();
        }
        if (!ONLY.contains("drain")) {
            serviceDrain(service, backlog); // the drain's records into the archive, as the drain part leaves them
        }
        long day = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(3)).toEpochMilli();
        int others = 100_000;
        double archivedBefore = counter(service, "streamgate.archive.rows");
        service.api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}");
        try (KafkaProducer<String, String> producer = producer(service.bootstrapServers())) {
            for (int i = 0; i < others; i++) {
                producer.send(new ProducerRecord<>("testTopic", null, day + i * 100L, "other-" + i,
                        "{\"id\": " + i + ", \"name\": \"other\", \"amount\": 1.5}"));
            }
        }
        awaitRows(service, "streamgate.archive.rows", archivedBefore + others);
        service.api.post("/queries/stop");

        long total = archiveCount(service, "");
        String from = Instant.ofEpochMilli(day).toString().replace("T", " ").replace("Z", "");
        String to = Instant.ofEpochMilli(day).plus(Duration.ofDays(1)).toString().replace("T", " ").replace("Z", "");
        notes.add(String.format(Locale.ROOT, "Archive queried: %,d rows in %d generations, %,d of them on %s.", total,
                archiveCount(service, "SELECT count(DISTINCT generation) AS n FROM archive"), others, from.substring(0, 10)));
        archiveQuery(service, "Archive SQL: one key's records (key = 'd4242')", "SELECT * FROM archive WHERE key = 'd4242'");
        archiveQuery(service, "Archive SQL: count(*) of every row", "SELECT count(*) AS n FROM archive");
        archiveQuery(service, "Archive SQL: one day by timestamp (its folder alone is read)", "SELECT count(*) AS n FROM archive "
                + "WHERE timestamp >= TIMESTAMP'" + from + "Z' AND timestamp < TIMESTAMP'" + to + "Z'");
        archiveQuery(service, "Archive SQL: the same day by a condition Spark cannot prune by (every folder read)",
                "SELECT count(*) AS n FROM archive WHERE date_format(timestamp, 'yyyy-MM-dd') = '" + from.substring(0, 10) + "'");
    }

    /** The archive's writer alone against Spark's JSON writer, on the drain's records in memory ({@link ArchiveWriterCost}). */
    private void archiveWriter(ServiceProcess service) throws Exception {
        backlog(service);
        SparkSession spark = BenchmarkAccess.localSparkSession();
        BenchmarkAccess.serviceLocalFileSystem(spark); // both write through the service's local file system
        ArchiveWriterCost writers = new ArchiveWriterCost(spark, service.bootstrapServers());
        try {
            List<ArchiveWriterCost.Runs> runs = writers.alternately(DRAIN_WARMUPS, RUNS);
            writerRow("Archive written alone, Spark's JSON writer in its layout (partitionBy date)", runs.get(0));
            writerRow("Archive written alone, the service's pass and ArchiveWriter", runs.get(1));
            row("Archive written alone, the service's CPU for each row against Spark's writer", "%.2f×",
                    Stats.median(runs.get(1).cpuPerMillion()) / Stats.median(runs.get(0).cpuPerMillion()));
        } finally {
            writers.close();
            spark.stop();
        }
    }

    private void writerRow(String label, ArchiveWriterCost.Runs runs) {
        row(label, "%.2f core-s for each 1 M rows (runs: %s) · %,.0f rows/s", Stats.median(runs.cpuPerMillion()),
                runs.cpuPerMillion().stream().map(cpu -> String.format(Locale.ROOT, "%.2f", cpu)).collect(Collectors.joining(", ")),
                Stats.median(runs.rowsPerSecond()));
    }

    private static double sparkArchiveDrain(SparkSession spark, ServiceProcess service, long backlog, int layout) throws Exception {
        Dataset<Row> kafka = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", service.bootstrapServers())
                .option("subscribe", "testTopic")
                .option("startingOffsets", "earliest")
                .option("includeHeaders", true)
                .option("maxOffsetsPerTrigger", 200_000)
                .option("maxRecordsPerPartition", 50_000)
                .load();
        Dataset<Row> rows = BenchmarkAccess.archived(kafka, RECORD_SCHEMA, layout);
        Path checkpoint = Files.createTempDirectory("bench-checkpoint");
        Path files = Files.createTempDirectory("bench-archive");
        long start = System.nanoTime();
        spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
        try {
            org.apache.spark.sql.streaming.DataStreamWriter<Row> writer = rows.writeStream().format("json")
                    .option("checkpointLocation", checkpoint.toString()).option("path", files.toString());
            if (layout == 2) {
                writer = writer.partitionBy("date");
            }
            writer.trigger(Trigger.AvailableNow()).start().awaitTermination();
            return backlog / seconds(start);
        } finally {
            deleteRecursively(checkpoint);
            deleteRecursively(files);
        }
    }

    /** The first run, cold, then the median of {@link #RUNS} more. */
    private void archiveQuery(ServiceProcess service, String label, String sql) {
        List<Double> millis = new ArrayList<>();
        Api.Response answer = null;
        for (int i = 0; i <= RUNS; i++) {
            long start = System.nanoTime();
            answer = service.api.postJson("/archive/query", "{\"sql\": " + Api.toJson(sql) + "}");
            millis.add((System.nanoTime() - start) / 1e6);
            if (answer.status() != 200) {
                throw new IllegalStateException(sql + " → " + answer);
            }
        }
        JsonNode rows = answer.json().get("rows");
        row(label, "cold %.0f ms · warm %.0f ms (%s)", millis.get(0), Stats.median(millis.subList(1, millis.size())),
                rows.size() == 1 && rows.get(0).has("n") ? String.format(Locale.ROOT, "%,d", rows.get(0).get("n").asLong())
                        : rows.size() + " rows");
    }

    private static long archiveCount(ServiceProcess service, String sql) {
        String query = sql.isEmpty() ? "SELECT count(*) AS n FROM archive" : sql;
        Api.Response answer = service.api.postJson("/archive/query", "{\"sql\": " + Api.toJson(query) + "}");
        return answer.json().get("rows").get(0).get("n").asLong();
    }

    // ---- 4. the same drain and latency on a Spark standalone cluster ----

    /**
     * A second service, whose SparkSession runs on a Spark standalone master and worker (each its own
     * JVM, from Spark's jars), reading the same backlog from the first service's broker: what the hop
     * to executors in other JVMs costs, side by side with the local master in the same run.
     */
    private void cluster(ServiceProcess local) throws Exception {
        long backlog = backlog(local);
        String shape = CLUSTER_WORKERS + " worker" + (CLUSTER_WORKERS > 1 ? "s" : "") + " × " + CLUSTER_CORES + " cores";
        try (SparkStandalone spark = new SparkStandalone(OUT.resolve("spark")).startMaster()) {
            for (int i = 0; i < CLUSTER_WORKERS; i++) {
                spark.startWorker(CLUSTER_CORES, "3g", null);
            }
            List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + local.bootstrapServers(),
                    "--streamgate.spark.master=" + spark.masterUrl(),
                    "--streamgate.spark.config.spark.driver.host=127.0.0.1",
                    "--streamgate.spark.config.spark.executor.memory=2g",
                    "--streamgate.pipeline.shared-storage=true")); // one machine: every path is shared
            args.addAll(SERVICE_ARGS);
            try (ServiceProcess service = new ServiceProcess(OUT.resolve("data-cluster"), args)) {
                row("Cluster (" + shape + "): startup to healthy, executors registered", "%.1f s",
                        service.startup.toMillis() / 1000.0);
                List<DrainRates> cold = runs(DRAIN_WARMUPS, () -> serviceDrain(service, backlog));
                if (!cold.isEmpty()) {
                    row("Drain on the cluster, the first drain after start (a warm-up)", "%,.0f rows/s",
                            cold.get(0).processed());
                }
                List<DrainRates> drains = runs(() -> serviceDrain(service, backlog));
                rateRow("Drain on the cluster (" + shape + "), streamgate query", drains.stream().map(DrainRates::processed).toList());
                rateRow("Drain on the cluster, the archive caught up too", drains.stream().map(DrainRates::archived).toList());

                service.api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}");
                Thread.sleep(3000);
                restLatency(service, 500, Duration.ofSeconds(60)); // warm-up, as for the local master
                for (int rate : new int[] {100, 1000}) {
                    List<Double> latencies;
                    try (BatchDurations batches = BatchDurations.sample(service.api)) {
                        latencies = restLatency(service, rate, Duration.ofSeconds(15));
                        row("Cluster: micro-batch durations at " + rate + " rec/s (medians, ms)", "%s", batches.medians());
                    }
                    row("Cluster: end to end, POST → /queries/results, micro-batch, " + rate + " rec/s",
                            "%s (%d probes)", Stats.percentiles(latencies, 0), latencies.size());
                }
                service.api.post("/queries/stop");
            }
        }
    }

    /**
     * The service itself, from a fresh checkpoint: rows/s until the main query (results, dead letters,
     * console) has processed the backlog, and until the archive (its own query, or the main query) has
     * written it too.
     */
    // ---- the same drain and latency over SASL_SSL, beside plaintext ----

    /**
     * What TLS and SASL cost: one KRaft broker in a JVM of its own with a plaintext listener and a
     * SASL_SSL one (SCRAM-SHA-512, certificates made here), and the service started against each in turn,
     * configured by {@code spring.kafka.*} alone: the same backlog drained, the same latency probed.
     */
    private void secured() throws Exception {
        Path dir = OUT.resolve("secured");
        TestCertificates certificates = TestCertificates.make(dir.resolve("certificates"), "bench-store-secret");
        KafkaListeners.BesidePlaintext listeners = new KafkaListeners.BesidePlaintext(
                new KafkaListeners.Secured(certificates, Map.of("bench", "bench-secret")));
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 1, listeners)) {
            String plaintext = kafka.bootstrapServers(KafkaListeners.BesidePlaintext.PLAINTEXT);
            Map<String, List<String>> connections = new LinkedHashMap<>();
            connections.put("plaintext", List.of("--spring.kafka.bootstrap-servers=" + plaintext));
            connections.put("SASL_SSL (SCRAM-SHA-512)", List.of(
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(KafkaListeners.Secured.SASL_SSL),
                    "--spring.kafka.security.protocol=SASL_SSL",
                    "--spring.kafka.ssl.trust-store-location=" + certificates.trustStore().toUri(),
                    "--spring.kafka.ssl.trust-store-password=" + certificates.password(),
                    "--spring.kafka.ssl.trust-store-type=PKCS12",
                    "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                    "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
                            + "required username=\"bench\" password=\"bench-secret\";"));
            int i = 0;
            for (Map.Entry<String, List<String>> connection : connections.entrySet()) {
                // Each service drains a backlog of its own: the one before it added its latency records.
                long records = freshBacklog(plaintext);
                List<String> args = new ArrayList<>(connection.getValue());
                args.addAll(SERVICE_ARGS);
                try (ServiceProcess service = new ServiceProcess(dir.resolve("data-" + i++), args)) {
                    String over = "over " + connection.getKey() + ", external broker";
                    runs(DRAIN_WARMUPS, () -> serviceDrain(service, records));
                    List<DrainRates> drains = runs(() -> serviceDrain(service, records));
                    rateRow("Drain " + over + ", streamgate query", drains.stream().map(DrainRates::processed).toList());
                    service.api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}");
                    Thread.sleep(3000);
                    restLatency(service, 500, Duration.ofSeconds(60)); // warm-up, as for the embedded broker
                    List<Double> latencies = restLatency(service, 1000, Duration.ofSeconds(15));
                    row("End to end " + over + ", POST → /queries/results, micro-batch, 1000 rec/s",
                            "%s (%d probes)", Stats.percentiles(latencies, 0), latencies.size());
                    service.api.post("/queries/stop");
                }
            }
        }
        notes.add("Over SASL_SSL: both services drain the same records from the same broker (a JVM of its own, not "
                + "the embedded one), one through its plaintext listener, the other through its SASL_SSL one.");
    }

    /** Every record of testTopic deleted, then the drain's records written: how many there are. */
    private static long freshBacklog(String bootstrapServers) throws Exception {
        createTopic(bootstrapServers, "testTopic");
        long firstOffset = deleteAllRecords(bootstrapServers, "testTopic");
        try (KafkaProducer<String, String> producer = producer(bootstrapServers)) {
            for (int i = 0; i < DRAIN_RECORDS; i++) {
                String value = i % 10 == 0 ? "not json " + i
                        : "{\"id\": " + i + ", \"name\": \"record-" + i + "\", \"amount\": " + (i % 1000) / 10.0 + "}";
                producer.send(new ProducerRecord<>("testTopic", "d" + i, value));
            }
            producer.flush();
        }
        return endOffset(bootstrapServers, "testTopic") - firstOffset;
    }

    // ---- 4. users' queries side by side ----

    /**
     * 1, 4 and 8 users' queries over the same backlog, started together: each one's drain rate, and
     * the total (rows all of them processed per second); then the end-to-end latency at 1,000 rec/s with
     * 1 and 4 queries, POST → the row in one query's output topic, read by a plain consumer.
     */
    private void userQueries(ServiceProcess service) throws Exception {
        long backlog = backlog(service);
        // One query drained first and not compared: the service compiles the aggregation's paths
        // (the JIT, Spark's code generation) during its first drain, which would slow the one-query figure.
        SideBySide warmUp = drainSideBySide(service, backlog, 1);
        row("Drain, 1 users' query, the first after start (a warm-up, not compared)", "%,.0f rows/s · service %.2f cores",
                warmUp.total(), warmUp.cores());
        for (int count : QUERY_COUNTS) {
            SideBySide drained = drainSideBySide(service, backlog, count);
            row("Drain, " + count + " users' queries side by side, each", "%,.0f rows/s (median; each: %s)",
                    Stats.median(drained.each()), drained.each().stream().map(rate -> String.format(Locale.ROOT, "%,.0f", rate))
                            .collect(Collectors.joining(", ")));
            row("Drain, " + count + " users' queries side by side, total", "%,.0f rows/s · service %.2f cores",
                    drained.total(), drained.cores());
        }
        for (int count : new int[] {1, 4}) {
            List<Double> latencies = userQueryLatency(service, count, 1000, Duration.ofSeconds(20));
            row("End to end, POST → output topic, " + count + " users' queries, 1000 rec/s",
                    "%s (n=%d)", Stats.percentiles(latencies, 0), latencies.size());
        }
    }

    /**
     * @param each  every query's rate, in the order they finished
     * @param total rows all of them processed per second
     * @param cores the service's CPU time over the drain's time: how much of the machine the queries kept busy
     */
    private record SideBySide(List<Double> each, double total, double cores) {
    }

    /**
     * Defines that many users' queries, starts them together on the backlog and deletes them once
     * each has processed it.
     */
    private SideBySide drainSideBySide(ServiceProcess service, long backlog, int count) throws Exception {
        return drainSideBySide(service, backlog, count, USER_QUERY_SQL);
    }

    private SideBySide drainSideBySide(ServiceProcess service, long backlog, int count, String sql) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("bench-q" + i);
            Api.Response defined = service.api.putJson("/queries/bench-q" + i,
                    "{\"sql\": \"" + sql + "\", \"startingOffsets\": \"earliest\"}");
            if (defined.status() >= 300) {
                throw new IllegalStateException("Query not defined: " + defined);
            }
        }
        CpuWindow cpu = service.cpuWindow();
        for (String name : names) {
            Api.Response started = service.api.postJson("/queries/" + name + "/start", "{\"startingOffsets\": \"earliest\"}");
            if (started.status() != 200) {
                throw new IllegalStateException("Query not started: " + started);
            }
        }
        List<Double> rates = new ArrayList<>();
        List<String> pending = new ArrayList<>(names);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!pending.isEmpty()) {
            for (String name : List.copyOf(pending)) {
                if (queryRows(service, name) >= backlog) {
                    rates.add(backlog / cpu.seconds());
                    pending.remove(name);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending + " did not drain within " + DRAIN_TIMEOUT);
            }
            Thread.sleep(100);
        }
        double total = count * backlog / cpu.seconds();
        double cores = cpu.cores();
        names.forEach(name -> service.api.delete("/queries/" + name));
        return new SideBySide(rates, total, cores);
    }

    // ---- 4a. joins ----

    /**
     * The drain of a stream–table join (each row looked up in a table of 10,000, then 100,000 customers,
     * read anew at each micro-batch) beside the same query without the join.
     */
    private void joins(ServiceProcess service) throws Exception {
        long backlog = backlog(service);
        drainSideBySide(service, backlog, 1, PLAIN_SQL); // a warm-up, not compared
        double plain = drainSideBySide(service, backlog, 1, PLAIN_SQL).total();
        row("Drain, a users' query without a join", "%,.0f rows/s", plain);
        // registered first, so that its topic is created compacted
        Api.Response table = service.api.putJson("/tables/bench_customers",
                "{\"topic\": \"bench-customers\", \"schema\": \"id BIGINT NOT NULL, name STRING\", \"key\": \"id\"}");
        if (table.status() >= 300) {
            throw new IllegalStateException("Table not registered: " + table);
        }
        try (KafkaProducer<String, String> producer = producer(service.bootstrapServers())) {
            int written = 0;
            for (int rows : new int[] {10_000, 100_000}) {
                for (int id = written; id < rows; id++) {
                    producer.send(new ProducerRecord<>("bench-customers", Integer.toString(id),
                            "{\"id\": " + id + ", \"name\": \"customer-" + id + "\"}"));
                }
                producer.flush();
                written = rows;
                double joined = drainSideBySide(service, backlog, 1, ENRICHED_SQL).total();
                row(String.format(Locale.ROOT, "Drain, the same query left-joined to a table of %,d rows", rows),
                        "%,.0f rows/s (%.2f× without the join)", joined, joined / plain);
            }
        } finally {
            service.api.delete("/tables/bench_customers");
        }
    }

    // ---- 4b. a stream–stream join ----

    /** A stream–stream join at 1,000 rec/s on each side, timed from the POST of the payment to its joined row. */
    private void streamJoin(ServiceProcess service) throws Exception {
        for (boolean ordersPosted : new boolean[] {true, false}) {
            String orders = ordersPosted ? "POSTed too" : "from a Kafka producer";
            StreamJoinRun run = streamStreamLatency(service, 1000, Duration.ofSeconds(20), ordersPosted);
            List<Double> latencies = run.latencies();
            row("End to end, stream–stream join, 1000 rec/s each side, POST of the payment → joined row, orders " + orders,
                    "%s (n=%d)", Stats.percentiles(latencies, 0), latencies.size());
            row("Stream–stream join's micro-batches (ms, medians), orders " + orders, "%s", run.batches());
        }
    }

    /** The join's latencies, and where its batches' time went while they were timed. */
    private record StreamJoinRun(List<Double> latencies, String batches) {
    }

    /**
     * Orders and their payments in pairs at a steady rate, each payment POSTed and timed to its joined row;
     * the orders POSTed too, or sent by a Kafka producer, as an upstream service would (half the HTTP load).
     */
    private static StreamJoinRun streamStreamLatency(ServiceProcess service, int rate, Duration duration,
                                                     boolean ordersPosted) throws Exception {
        for (String stream : List.of("orders", "payments")) {
            Api.Response registered = service.api.putJson("/streams/bench_" + stream, "{\"topic\": \"bench-" + stream
                    + "\", \"schema\": \"n BIGINT NOT NULL\", \"watermark\": \"10 seconds\"}");
            if (registered.status() >= 300) {
                throw new IllegalStateException("Stream not registered: " + registered);
            }
        }
        Api.Response defined = service.api.putJson("/queries/bench-matched", "{\"sql\": \"SELECT o.key AS key, p.n "
                + "FROM bench_orders o JOIN bench_payments p ON p.key = o.key AND p.timestamp BETWEEN o.timestamp AND "
                + "o.timestamp + INTERVAL 1 MINUTE\", \"startingOffsets\": \"latest\", \"outputTopic\": \"bench-matched-out\"}");
        if (defined.status() >= 300 || service.api.post("/queries/bench-matched/start").status() != 200) {
            throw new IllegalStateException("Query bench-matched not defined or started: " + defined);
        }
        Thread.sleep(3000);
        Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicReference<String> batches = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<String, String> orders = producer(service.bootstrapServers())) {
            List<Double> latencies = timedToOutput(service, "bench-matched-out", sentAt, timed -> {
                BatchDurations sampled = BatchDurations.sample(service.api, "bench-matched");
                String prefix = Long.toString(System.nanoTime(), 36) + "-" + timed + "-";
                ExecutorService senders = Executors.newFixedThreadPool(16);
                int total = (int) (rate * (timed ? duration : Duration.ofSeconds(60)).toSeconds());
                paced(timed ? rate : rate / 2, total, i -> senders.submit(() -> {
                    String key = prefix + i;
                    String body = "{\"key\": \"" + key + "\", \"value\": {\"n\": " + i + "}}";
                    if (ordersPosted) {
                        service.api.postJson("/topics/bench-orders/messages", body);
                    } else {
                        orders.send(new ProducerRecord<>("bench-orders", key, "{\"n\": " + i + "}")).get();
                    }
                    sentAt.put(key, System.nanoTime());
                    service.api.postJson("/topics/bench-payments/messages", body);
                    return null;
                }));
                senders.shutdown();
                senders.awaitTermination(120, TimeUnit.SECONDS);
                sampled.close();
                batches.set(sampled.medians());
            });
            return new StreamJoinRun(latencies, batches.get());
        } finally {
            service.api.delete("/queries/bench-matched");
            service.api.delete("/streams/bench_orders");
            service.api.delete("/streams/bench_payments");
        }
    }

    // ---- 4c. the default query beside real-time queries ----

    /**
     * The default query's rate from a fresh start on the backlog, over {@link #ISOLATION_WINDOW}: alone,
     * then beside two real-time queries (each holds a core for as long as it runs) on a topic of their
     * own. With the protections the second real-time query is refused (real-time.reserved-cores=1) and
     * the default query keeps a core; without them (a second service, reserved-cores=0, reading the same
     * broker) both run.
     */
    private void isolation(ServiceProcess service) throws Exception {
        long backlog = backlog(service);
        createTopic(service.bootstrapServers(), "bench-heavy");
        serviceDrain(service, backlog); // warm-up
        row("Default query beside real-time queries: alone", "%,.0f rows/s", windowRate(service));
        besideRealTime(service, "with the reserve (1 core)");
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + service.bootstrapServers(),
                "--streamgate.pipeline.real-time.reserved-cores=0"));
        args.addAll(SERVICE_ARGS);
        try (ServiceProcess unprotected = new ServiceProcess(OUT.resolve("data-unprotected"), args)) {
            serviceDrain(unprotected, backlog); // warm-up
            row("Default query beside real-time queries: alone, service without the reserve", "%,.0f rows/s",
                    windowRate(unprotected));
            besideRealTime(unprotected, "without the reserve");
        }
    }

    private void besideRealTime(ServiceProcess service, String protection) throws Exception {
        List<String> started = new ArrayList<>();
        for (String name : List.of("bench-rt1", "bench-rt2")) {
            service.api.putJson("/queries/" + name, "{\"sql\": \"SELECT key, value FROM events\", \"topic\": "
                    + "\"bench-heavy\", \"mode\": \"real-time\", \"trigger\": \"5s\"}");
            if (service.api.post("/queries/" + name + "/start").status() == 200) {
                started.add(name);
            }
        }
        try {
            row("Default query beside real-time queries: " + protection, "%,.0f rows/s (%d of 2 real-time queries ran)",
                    windowRate(service), started.size());
        } finally {
            List.of("bench-rt1", "bench-rt2").forEach(name -> service.api.delete("/queries/" + name));
        }
    }

    /** Rows the default query processed per second over the window, from a fresh start on the backlog. */
    private static double windowRate(ServiceProcess service) throws Exception {
        double before = counter(service, "streamgate.query.rows");
        long start = System.nanoTime();
        service.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
        Thread.sleep(ISOLATION_WINDOW.toMillis());
        double rows = counter(service, "streamgate.query.rows") - before;
        double rate = rows / seconds(start);
        service.api.post("/queries/stop");
        return rate;
    }

    // ---- 5. live streams ----

    /**
     * Senders of the comparison with and without 100 tails: enough that slower answers (a POST p99 of
     * 100–250 ms on a loaded machine) do not cap the offered 1,000 rec/s by themselves, as 64 did.
     */
    private static final int FANOUT_SENDERS = 256;

    /**
     * POST → the record in an SSE tail at 1,000 rec/s, every record timed early in the load and again
     * once the JVM has compiled its hot paths (see {@link #tailWindow}); POST → its row in a {@code rows}
     * event of the query in real-time mode, the same way after that; then POSTs at a steady 1,000 rec/s with no
     * subscriber and with 100 tails open, comparing the rate the service sustains and its POST latency,
     * and timing the records one of the 100 tails sees.
     */
    private void live(ServiceProcess service) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + service.port();
        Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicReference<List<Double>> window = new java.util.concurrent.atomic.AtomicReference<>();
        TailWindow first;
        TailWindow settled;
        try (EventStreamClient client = EventStreamClient.open(http, java.net.URI.create(base + "/topics/testTopic/tail"), null, event -> {
            long now = System.nanoTime();
            if (event.name().equals("record")) {
                Long sent = sentAt.remove(event.json().path("key").asString());
                List<Double> timed = window.get();
                if (sent != null && timed != null) {
                    timed.add((now - sent) / 1e6);
                }
            }
        })) {
            steadyPosts(service, 500, Duration.ofSeconds(20), sentAt, "warm-");
            first = tailWindow(service, window, sentAt, "tail-");
            steadyPosts(service, 1000, Duration.ofSeconds(60), sentAt, "settle-");
            settled = tailWindow(service, window, sentAt, "tail-settled-");
        }
        row("End to end, POST → SSE tail event, 1000 rec/s, 20–40 s into the load", "%s", first.text());
        row("End to end, POST → SSE tail event, 1000 rec/s, 100–120 s into the load", "%s", settled.text());

        Api.Response started = service.api.postJson("/queries/start", "{\"startingOffsets\": \"latest\", \"mode\": \"real-time\"}");
        if (started.status() != 200) {
            row("End to end, POST → rows event, real-time mode, 1000 rec/s", "not measured: %s", started.json().path("detail").asString());
        } else {
            List<Double> rows = RowsEventLatency.measure(service, "streamgate", 1000, Duration.ofSeconds(30),
                    Duration.ofSeconds(20)).latencies();
            service.api.post("/queries/stop");
            row("End to end, POST → rows event, real-time mode, 1000 rec/s", "%s (n=%d)",
                    Stats.percentiles(rows, 1), rows.size());
        }

        sentAt.clear();
        CpuWindow aloneCpu = service.cpuWindow();
        List<Double> alone = steadyPosts(service, 1000, Duration.ofSeconds(20), null, "alone-", FANOUT_SENDERS);
        double aloneCores = aloneCpu.cores();
        java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        List<EventStreamClient> clients = new ArrayList<>();
        List<Double> watched;
        List<Double> oneOfHundred = Collections.synchronizedList(new ArrayList<>());
        double watchedCores;
        try {
            for (int i = 0; i < 100; i++) {
                boolean timed = i == 0; // one of them times its records, as the single tail above did
                clients.add(EventStreamClient.open(http, java.net.URI.create(base + "/topics/testTopic/tail"), null, event -> {
                    if (event.name().equals("record")) {
                        delivered.incrementAndGet();
                        if (timed) {
                            long now = System.nanoTime();
                            Long sent = sentAt.remove(event.json().path("key").asString());
                            if (sent != null) {
                                oneOfHundred.add((now - sent) / 1e6);
                            }
                        }
                    }
                }));
            }
            Thread.sleep(2000);
            CpuWindow watchedCpu = service.cpuWindow();
            watched = steadyPosts(service, 1000, Duration.ofSeconds(20), sentAt, "watched-", FANOUT_SENDERS);
            watchedCores = watchedCpu.cores();
            Thread.sleep(2000);
        } finally {
            for (EventStreamClient client : clients) {
                client.close();
            }
        }
        double aloneRate = alone.get(0);
        double watchedRate = watched.get(0);
        row("POST /messages at a steady 1000 rec/s, no subscriber", "%,.0f rec/s sustained · POST p50 %.1f · p99 %.1f ms · service %.2f cores",
                aloneRate, alone.get(1), alone.get(2), aloneCores);
        row("… with 100 SSE tail subscribers", "%,.0f rec/s sustained (%.2f×) · POST p50 %.1f · p99 %.1f ms · %,d events delivered · service %.2f cores",
                watchedRate, watchedRate / aloneRate, watched.get(1), watched.get(2), delivered.get(), watchedCores);
        row("… POST → SSE tail event, one of the 100 tails", "%s (n=%d)",
                Stats.percentiles(oneOfHundred, 1), oneOfHundred.size());
    }

    /** Records timed into a tail over one window, and the cores the service's JIT compiler used meanwhile. */
    private record TailWindow(List<Double> latencies, double compilerCores) {

        String text() {
            return String.format("%s (n=%d) · JIT compiler %.2f cores",
                    Stats.percentiles(latencies, 1), latencies.size(), compilerCores);
        }
    }

    /**
     * 20 s of POSTs at 1,000 rec/s, each record timed to its event in the tail. A fresh JVM compiles its
     * hot paths for the first minute or two of load, which on 2 cores takes up to one from the service,
     * the broker and the client alike; hence a window early in the load and one after it settled.
     */
    private static TailWindow tailWindow(ServiceProcess service, java.util.concurrent.atomic.AtomicReference<List<Double>> window,
                                         Map<String, Long> sentAt, String prefix) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        CpuWindow cpu = service.cpuWindow();
        window.set(latencies);
        steadyPosts(service, 1000, Duration.ofSeconds(20), sentAt, prefix);
        double compilerCores = cpu.compilerCores();
        Thread.sleep(2000);
        window.set(null);
        return new TailWindow(latencies, compilerCores);
    }

    static List<Double> steadyPosts(ServiceProcess service, int rate, Duration duration, Map<String, Long> sentAt,
                                    String prefix) throws Exception {
        return steadyPosts(service, rate, duration, sentAt, prefix, 16);
    }

    /**
     * POSTs at a steady rate from a pool of senders (16 as the latency part; more where slower answers
     * must not cap the rate by themselves), each record keyed {@code prefix + i}, its start noted in
     * {@code sentAt} when given. Returns the rate the service sustained and its POST latency p50 and p99.
     */
    private static List<Double> steadyPosts(ServiceProcess service, int rate, Duration duration, Map<String, Long> sentAt,
                                            String prefix, int senderThreads) throws Exception {
        int total = (int) (rate * duration.toSeconds());
        ExecutorService senders = Executors.newFixedThreadPool(senderThreads);
        List<Double> posts = Collections.synchronizedList(new ArrayList<>());
        long start = paced(rate, total, i -> {
            String key = prefix + i;
            senders.submit(() -> {
                long sent = System.nanoTime();
                if (sentAt != null) {
                    sentAt.put(key, sent);
                }
                service.api.postJson("/messages", "{\"key\": \"" + key + "\", \"value\": {\"id\": 1, \"name\": \"live\"}}");
                posts.add((System.nanoTime() - sent) / 1e6);
            });
        });
        senders.shutdown();
        senders.awaitTermination(120, TimeUnit.SECONDS);
        double sustained = total / seconds(start);
        return List.of(sustained, Stats.percentile(posts, 50), Stats.percentile(posts, 99));
    }

    /**
     * Open-loop pacing: calls {@code send} for 0 … total-1, the i-th at {@code start + i / rate}, however
     * long the sends take (a slow answer does not delay the next one). Returns the start, in nanoseconds.
     */
    private static long paced(int rate, int total, java.util.function.IntConsumer send) throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send.accept(i);
        }
        return start;
    }

    private static double queryRows(ServiceProcess service, String name) {
        JsonNode measurements = service.api.get("/actuator/metrics/streamgate.query.rows?tag=query:" + name).json()
                .path("measurements");
        return measurements.isEmpty() ? 0 : measurements.get(0).path("value").asDouble();
    }

    /** Every record of the window is timed, from the start of its POST to its row in bench-lat-1's output topic. */
    private static List<Double> userQueryLatency(ServiceProcess service, int count, int rate, Duration duration) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 1; i <= count; i++) {
            Api.Response defined = service.api.putJson("/queries/bench-lat-" + i, "{\"sql\": \"SELECT key, id, name, amount "
                    + "FROM events WHERE valid\", \"startingOffsets\": \"latest\", \"outputTopic\": \"bench-lat-out-" + i + "\"}");
            if (defined.status() >= 300 || service.api.post("/queries/bench-lat-" + i + "/start").status() != 200) {
                throw new IllegalStateException("Query bench-lat-" + i + " not defined or started: " + defined);
            }
        }
        Thread.sleep(3000); // the sources have resolved their offsets
        Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            // 90 s of warm-up at half the rate, as for the default query: the JIT needs them before
            // Spark's planning runs compiled.
            return timedToOutput(service, "bench-lat-out-1", sentAt, timed -> steadyPosts(service, timed ? rate : rate / 2,
                    timed ? duration : Duration.ofSeconds(90), sentAt, run + "-" + timed + "-"));
        } finally {
            for (int i = 1; i <= count; i++) {
                service.api.delete("/queries/bench-lat-" + i);
            }
        }
    }

    /** Sends the records of one phase: the warm-up, or the timed one. */
    @FunctionalInterface
    private interface Phase {
        void send(boolean timed) throws Exception;
    }

    /**
     * A warm-up, then the timed phase: each record is timed from its mark in {@code sentAt} to its row,
     * found by its {@code key} column, in the output topic.
     */
    private static List<Double> timedToOutput(ServiceProcess service, String outputTopic, Map<String, Long> sentAt,
                                              Phase phase) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(outputTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (boolean timed : new boolean[] {false, true}) {
                java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread consumerLoop = new Thread(() -> {
                    long deadline = Long.MAX_VALUE;
                    while (System.nanoTime() < deadline) {
                        if (!sending.get() && deadline == Long.MAX_VALUE) {
                            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        }
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                            long now = System.nanoTime();
                            Long sent = sentAt.remove(Api.json(record.value()).path("key").asString());
                            if (timed && sent != null) {
                                latencies.add((now - sent) / 1e6);
                            }
                        }
                    }
                });
                consumerLoop.start();
                phase.send(timed);
                sending.set(false);
                consumerLoop.join();
                sentAt.clear();
            }
        }
        return new ArrayList<>(latencies);
    }

    private static DrainRates serviceDrain(ServiceProcess service, long backlog) throws Exception {
        double rowsBefore = counter(service, "streamgate.query.rows");
        double archivedBefore = counter(service, "streamgate.archive.rows");
        CpuWindow cpu = service.cpuWindow();
        service.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
        awaitRows(service, "streamgate.query.rows", rowsBefore + backlog);
        double processed = backlog / cpu.seconds();
        if (service.api.get("/queries/status").json().path("archive").isObject()) { // none with archive.enabled=false
            awaitRows(service, "streamgate.archive.rows", archivedBefore + backlog);
        }
        DrainRates drain = new DrainRates(processed, backlog / cpu.seconds(), cpu.cpuSecondsPerMillion(backlog),
                cpu.compilerSecondsPerMillion(backlog));
        service.api.post("/queries/stop");
        return drain;
    }

    /**
     * One drain: rows/s until the main query had processed the backlog, and until the archive had written
     * it; and the service's CPU seconds for each million rows, its broker's included, and its JIT compiler
     * threads' among them.
     */
    private record DrainRates(double processed, double archived, double cpuSecondsPerMillion, double compilerSecondsPerMillion) {
    }

    /** Waits for the counter; a query that failed or stalls ends the run with its status instead of hanging it. */
    private static void awaitRows(ServiceProcess service, String meter, double target) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (counter(service, meter) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(meter + " did not reach " + (long) target + " within " + DRAIN_TIMEOUT
                        + "; status: " + service.api.get("/queries/status").body());
            }
            Thread.sleep(200);
        }
    }

    private static double counter(ServiceProcess service, String meter) {
        JsonNode measurements = service.api.get("/actuator/metrics/" + meter).json().path("measurements");
        return measurements.isEmpty() ? 0 : measurements.get(0).path("value").asDouble();
    }

    private static double sparkDrain(SparkSession spark, ServiceProcess service, long backlog, boolean validate) throws Exception {
        Dataset<Row> kafka = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", service.bootstrapServers())
                .option("subscribe", "testTopic")
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", 200_000) // batches and tasks as the service's, so both use the 2 cores
                .option("maxRecordsPerPartition", 50_000)
                .load();
        Dataset<Row> rows = validate
                ? BenchmarkAccess.transformed(kafka, RECORD_SCHEMA)
                : kafka.select(col("key").cast("string").as("key"), col("value").cast("string").as("value"),
                        col("topic"), col("partition"), col("offset"), col("timestamp"));
        Path checkpoint = Files.createTempDirectory("bench-checkpoint");
        long start = System.nanoTime();
        spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
        try {
            rows.writeStream().format("noop").option("checkpointLocation", checkpoint.toString())
                    .trigger(Trigger.AvailableNow()).start().awaitTermination();
            return backlog / seconds(start);
        } finally {
            deleteRecursively(checkpoint);
        }
    }

    // ---- helpers ----

    private interface Measurement<T> {
        T run() throws Exception;
    }

    private static <T> List<T> runs(Measurement<T> measurement) throws Exception {
        return runs(RUNS, measurement);
    }

    /** {@link #DRAIN_WARMUPS} runs thrown away, then the measured ones. */
    private static List<Double> warmedRuns(Measurement<Double> measurement) throws Exception {
        runs(DRAIN_WARMUPS, measurement);
        return runs(RUNS, measurement);
    }

    private static <T> List<T> runs(int count, Measurement<T> measurement) throws Exception {
        List<T> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(measurement.run());
        }
        return values;
    }

    /** The median, and every run beside it: a spread says more than one figure on a shared machine. */
    private void rateRow(String what, List<Double> rates) {
        String each = rates.stream().map(rate -> String.format(Locale.ROOT, "%,.0f", rate)).collect(Collectors.joining(", "));
        row(what, "%,.0f rows/s (runs: %s)", Stats.median(rates), each);
    }

    private static double medianOf(Measurement<Double> measurement) throws Exception {
        return Stats.median(runs(measurement));
    }

    private void row(String what, String format, Object... args) {
        String value = String.format(Locale.ROOT, format, args);
        rows.put(what, value);
        System.out.printf(Locale.ROOT, "%-70s %s%n", what, value);
    }

    private void report() throws IOException {
        StringBuilder md = new StringBuilder("# streamgate benchmark\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version"))
                .append("; medians of ").append(RUNS).append(" runs for throughput (produce and drain, the drains after ")
                .append(DRAIN_WARMUPS).append(" warm-up drains, the drain aim's two after ").append(AIM_WARMUPS)
                .append("); latency percentiles over one run of many probes. Reproduce: `./mvnw -Pbenchmark verify`")
                .append(SERVICE_ARGS.stream().anyMatch(a -> !a.isBlank()) ? " with service arguments `" + String.join(" ", SERVICE_ARGS) + "`" : "")
                .append(".\n\n");
        md.append("| Measurement | Result |\n|---|---|\n");
        rows.forEach((what, value) -> md.append("| ").append(what).append(" | ").append(value).append(" |\n"));
        md.append('\n');
        if (!aims.isEmpty()) {
            md.append(aims.markdown()).append('\n');
        }
        notes.forEach(note -> md.append("- ").append(note).append('\n'));
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("report.md"), md);
        System.out.println(md);
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return Producers.strings(bootstrapServers);
    }

    static void createTopic(String bootstrapServers, String topic) throws Exception {
        try (AdminClient admin = admin(bootstrapServers)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
    }

    private static long endOffset(String bootstrapServers, String topic) throws Exception {
        try (AdminClient admin = admin(bootstrapServers)) {
            return endOffset(admin, topic);
        }
    }

    /** Deletes every record of the topic (one partition, as the service's); returns its end offset, now the first. */
    private static long deleteAllRecords(String bootstrapServers, String topic) throws Exception {
        try (AdminClient admin = admin(bootstrapServers)) {
            long end = endOffset(admin, topic);
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(end))).all().get();
            return end;
        }
    }

    private static long endOffset(AdminClient admin, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    private static AdminClient admin(String bootstrapServers) {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A setting the pom's benchmark profile passes; its default is written there alone. */
    private static String pomProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " unset: run the benchmark with ./mvnw -Pbenchmark verify");
        }
        return value;
    }

    private static String payload(int bytes) {
        return "x".repeat(bytes);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void deleteRecursively(Path dir) throws IOException {
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }
}
