package io.streamgate.benchmark;

import io.streamgate.EventStreamClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query end to end, every record timed: from the start of its POST to its row in a {@code rows} event
 * of the query, pushed over SSE as the row is stored for {@code /queries/results} (so no polling
 * interval hides under the figure; the benchmark's service puts a whole batch's rows in one event).
 * A row carries its Kafka timestamp (set by the service's producer as it sends) and its
 * {@code processedAt} (set by the writer in Spark's task), so each record's time splits, on the one
 * clock of this machine, into: the POST up to the producer's send; the producer, the broker and Spark's
 * task up to the writer; the hand-off from the writer to this client. In real-time mode, slow records
 * are then set against the query's epoch ends (its checkpoints, seen as its {@code progress} events)
 * and the service's GC pauses (its GC log).
 */
final class RowsEventLatency {

    /** A record as timed: when its POST began (epoch millis, this machine's clock) and its three legs in ms. */
    record Timed(long sentMillis, double total, double toProducer, double toWriter, double toClient) {
    }

    /** A span of time, [start, end] in epoch millis: a GC pause, an archive batch. */
    record Span(long start, long end) {
    }

    private static final Pattern GC_LINE = Pattern.compile("^\\[([^]]+)].*Pause.* ([0-9.]+)ms$");

    private final List<Timed> timed = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> epochEnds = Collections.synchronizedList(new ArrayList<>());
    private final List<Span> archiveBatches = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final long anchorNanos = System.nanoTime();
    private final long anchorMillis = System.currentTimeMillis();
    private volatile boolean timing;

    /** Sends at {@code rate} for {@code warmUp} untimed, then for {@code window} timed, to a running query. */
    static RowsEventLatency measure(ServiceProcess service, String query, int rate, Duration warmUp, Duration window)
            throws Exception {
        RowsEventLatency tail = new RowsEventLatency();
        URI events = URI.create("http://127.0.0.1:" + service.port() + "/queries/" + query + "/events");
        try (EventStreamClient client = EventStreamClient.open(HttpClient.newHttpClient(), events, null, tail::event)) {
            Thread.sleep(2000);
            BenchmarkRun.steadyPosts(service, rate, warmUp, null, "timed-warm-");
            tail.timing = true;
            BenchmarkRun.steadyPosts(service, rate, window, tail.sentAt, "timed-");
            Thread.sleep(2000);
            tail.timing = false;
        }
        return tail;
    }

    private void event(EventStreamClient.Event event) {
        long now = System.nanoTime();
        if (event.name().equals("progress") && timing) {
            // The query's events carry its archive's own query's progress too; an epoch of real-time mode
            // lasts its whole batch duration (5 minutes by default), an archive batch well under a second.
            long lasted = event.json().path("durationMs").path("triggerExecution").asLong();
            if (lasted >= 5000) {
                epochEnds.add(millis(now));
            } else {
                archiveBatches.add(new Span(millis(now) - lasted, millis(now)));
            }
        } else if (event.name().equals("rows")) {
            for (JsonNode row : event.json()) {
                Long sent = sentAt.remove(row.path("key").asString());
                if (sent != null && timing) {
                    long sentMillis = millis(sent);
                    long produced = Instant.parse(row.path("timestamp").asString()).toEpochMilli();
                    long processed = Instant.parse(row.path("processedAt").asString()).toEpochMilli();
                    timed.add(new Timed(sentMillis, (now - sent) / 1e6, produced - sentMillis, processed - produced,
                            millis(now) - processed));
                }
            }
        }
    }

    private long millis(long nanos) {
        return anchorMillis + (nanos - anchorNanos) / 1_000_000;
    }

    List<Double> latencies() {
        synchronized (timed) {
            return timed.stream().map(Timed::total).toList();
        }
    }

    /**
     * Where the records over {@code boundMs} came from, each counted once, in this order: held by a GC pause
     * of the service (from its GC log: the record's POST began before the pause ended and its row arrived
     * after it began); sent within a second before to half a second after one of the query's epoch ends
     * (its checkpoint); sent while the archive's own query ran a micro-batch; elsewhere. Then the p50 and
     * p99 of each leg of all records, and each leg's p50 over the slow ones.
     */
    String attribution(double boundMs, Path gcLog) throws IOException {
        List<Timed> all;
        synchronized (timed) {
            all = List.copyOf(timed);
        }
        long first = all.stream().mapToLong(Timed::sentMillis).min().orElse(0);
        long last = all.stream().mapToLong(t -> t.sentMillis() + Math.round(t.total())).max().orElse(0);
        List<Span> pauses = pauses(gcLog).stream().filter(p -> p.end() >= first && p.start() <= last).toList();
        List<Timed> slow = all.stream().filter(t -> t.total() > boundMs).toList();
        int[] counts = new int[4];
        for (Timed t : slow) {
            counts[inPause(t, pauses) ? 0 : nearEpochEnd(t) ? 1 : inArchiveBatch(t) ? 2 : 3]++;
        }
        return String.format("%d of %d records over %.0f ms: %d held by one of %d GC pauses (%d ms paused in all), "
                        + "%d more sent within 1 s of one of %d epoch ends, %d more during one of %d archive batches, "
                        + "%d elsewhere · legs, p50/p99 of all: POST to producer %s, producer to writer %s, "
                        + "writer to client %s · p50 of the slow: %s, %s, %s",
                slow.size(), all.size(), boundMs, counts[0], pauses.size(),
                pauses.stream().mapToLong(p -> p.end() - p.start()).sum(), counts[1], epochEnds.size(), counts[2],
                archiveBatches.size(), counts[3],
                legs(all, Timed::toProducer), legs(all, Timed::toWriter), legs(all, Timed::toClient),
                median(slow, Timed::toProducer), median(slow, Timed::toWriter), median(slow, Timed::toClient));
    }

    /**
     * Every record timed, one line each (sent, total and legs in ms), then the epoch ends and the
     * micro-batches seen (in real-time mode, the archive's own query's): for a closer look.
     */
    void write(Path csv) throws IOException {
        List<String> lines = new ArrayList<>(List.of("sent_millis,total,to_producer,to_writer,to_client"));
        synchronized (timed) {
            timed.forEach(t -> lines.add(t.sentMillis() + "," + t.total() + "," + t.toProducer() + "," + t.toWriter()
                    + "," + t.toClient()));
        }
        synchronized (epochEnds) {
            epochEnds.forEach(end -> lines.add("# epoch end " + end));
        }
        synchronized (archiveBatches) {
            archiveBatches.forEach(batch -> lines.add("# micro-batch " + batch.start() + " " + batch.end()));
        }
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
    }

    private boolean nearEpochEnd(Timed t) {
        synchronized (epochEnds) {
            return epochEnds.stream().anyMatch(end -> t.sentMillis() >= end - 1000 && t.sentMillis() <= end + 500);
        }
    }

    private boolean inArchiveBatch(Timed t) {
        synchronized (archiveBatches) {
            return archiveBatches.stream().anyMatch(batch -> t.sentMillis() >= batch.start() && t.sentMillis() <= batch.end());
        }
    }

    /** A record was held by a pause if its POST began before the pause ended and its row arrived after the pause began. */
    private static boolean inPause(Timed t, List<Span> pauses) {
        long arrived = t.sentMillis() + Math.round(t.total());
        return pauses.stream().anyMatch(p -> t.sentMillis() <= p.end() && arrived >= p.start());
    }

    private static String legs(List<Timed> rows, java.util.function.ToDoubleFunction<Timed> leg) {
        List<Double> values = rows.stream().map(leg::applyAsDouble).toList();
        return String.format("%.0f/%.0f ms", Stats.percentile(values, 50), Stats.percentile(values, 99));
    }

    private static String median(List<Timed> rows, java.util.function.ToDoubleFunction<Timed> leg) {
        return rows.isEmpty() ? "-" : String.format("%.0f ms", Stats.percentile(rows.stream().map(leg::applyAsDouble).toList(), 50));
    }

    /** The GC log's stop-the-world pauses, from lines such as {@code [2026-12-05T18:50:00.123+0000] GC(3) Pause Young … 12.345ms}. */
    static List<Span> pauses(Path gcLog) throws IOException {
        if (gcLog == null || !Files.exists(gcLog)) {
            return List.of();
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        List<Span> pauses = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher matcher = GC_LINE.matcher(line);
            if (matcher.find()) {
                long end = OffsetDateTime.parse(matcher.group(1), format).toInstant().toEpochMilli();
                pauses.add(new Span(end - Math.round(Double.parseDouble(matcher.group(2))), end));
            }
        }
        return pauses;
    }
}
