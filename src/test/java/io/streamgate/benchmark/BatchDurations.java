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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a micro-batch's time goes while the latency is measured: Spark's {@code durationMs} of each
 * batch, and its state stores' commit time, read from a query's {@code lastProgress} (polled often
 * enough to see most batches at a 200 ms trigger; a batch missed between two polls is simply not
 * counted). Batches without input rows (Spark's no-data batches, which evict state once the watermark
 * moves) are counted apart.
 */
final class BatchDurations implements AutoCloseable {

    private static final List<String> SHOWN = List.of("triggerExecution", "latestOffset", "queryPlanning",
            "walCommit", "addBatch", "commitOffsets", "stateCommit");

    private final Map<Long, Map<String, Double>> withData = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Double>> withoutData = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    /** The default query's batches. */
    static BatchDurations sample(Api api) {
        return sample(api, "/queries/status", status -> status.path("lastProgress"));
    }

    /** A users' query's batches. */
    static BatchDurations sample(Api api, String query) {
        return sample(api, "/queries/" + query, info -> info.path("status").path("lastProgress"));
    }

    private static BatchDurations sample(Api api, String path, Function<JsonNode, JsonNode> lastProgress) {
        BatchDurations durations = new BatchDurations();
        durations.poller.scheduleWithFixedDelay(() -> {
            try {
                JsonNode progress = lastProgress.apply(api.get(path).json());
                if (progress.has("batchId")) {
                    (progress.path("numInputRows").asLong() > 0 ? durations.withData : durations.withoutData)
                            .putIfAbsent(progress.get("batchId").asLong(), durations(progress));
                }
            } catch (RuntimeException missed) {
                // A failed poll misses a batch; an exception here would end the sampling for good.
            }
        }, 0, 150, TimeUnit.MILLISECONDS);
        return durations;
    }

    private static Map<String, Double> durations(JsonNode progress) {
        Map<String, Double> durations = new TreeMap<>();
        progress.path("durationMs").properties().forEach(entry -> durations.put(entry.getKey(), entry.getValue().asDouble()));
        if (progress.path("stateOperators").size() > 0) {
            double commit = 0;
            for (JsonNode operator : progress.path("stateOperators")) {
                commit += operator.path("commitTimeMs").asDouble();
            }
            durations.put("stateCommit", commit);
        }
        return durations;
    }

    /**
     * "triggerExecution 180 · addBatch 90 · … (n batches)", each a median over the batches with data seen;
     * then the same for those without, when there were any.
     */
    String medians() {
        String medians = medians(withData);
        return withoutData.isEmpty() ? medians : medians + "; without data: " + medians(withoutData);
    }

    /** The median of one duration over the batches with data seen; NaN for none. */
    double median(String name) {
        List<Double> values = withData.values().stream().filter(durations -> durations.containsKey(name))
                .map(durations -> durations.get(name)).toList();
        return values.isEmpty() ? Double.NaN : Stats.median(values);
    }

    private static String medians(Map<Long, Map<String, Double>> byBatch) {
        Map<String, List<Double>> values = new TreeMap<>();
        byBatch.values().forEach(durations -> SHOWN.forEach(name -> {
            if (durations.containsKey(name)) {
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(durations.get(name));
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
