package io.streamgate.benchmark;

import io.streamgate.Api;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where a micro-batch's time goes while the latency is measured: Spark's {@code durationMs} of each
 * batch, read from {@code lastProgress} in {@code GET /queries/status} (polled often enough to see
 * most batches at a 200 ms trigger; a batch missed between two polls is simply not counted).
 */
final class BatchDurations implements AutoCloseable {

    private static final List<String> SHOWN = List.of("triggerExecution", "latestOffset", "queryPlanning",
            "walCommit", "addBatch", "commitOffsets");

    private final Map<Long, JsonNode> byBatch = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    static BatchDurations sample(Api api) {
        BatchDurations durations = new BatchDurations();
        durations.poller.scheduleWithFixedDelay(() -> {
            try {
                JsonNode progress = api.get("/queries/status").json().path("lastProgress");
                if (progress.has("batchId") && progress.path("numInputRows").asLong() > 0) {
                    durations.byBatch.putIfAbsent(progress.get("batchId").asLong(), progress.path("durationMs"));
                }
            } catch (RuntimeException missed) {
                // A failed poll misses a batch; an exception here would end the sampling for good.
            }
        }, 0, 150, TimeUnit.MILLISECONDS);
        return durations;
    }

    /** "triggerExecution 180 · addBatch 90 · … (n batches)", each a median over the batches seen. */
    String medians() {
        Map<String, List<Double>> values = new TreeMap<>();
        byBatch.values().forEach(durations -> SHOWN.forEach(name -> {
            if (durations.has(name)) {
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(durations.get(name).asDouble());
            }
        }));
        return SHOWN.stream().filter(values::containsKey)
                .map(name -> String.format(Locale.ROOT, "%s %.0f", name, Stats.median(values.get(name))))
                .collect(Collectors.joining(" · ")) + " (" + byBatch.size() + " batches)";
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
