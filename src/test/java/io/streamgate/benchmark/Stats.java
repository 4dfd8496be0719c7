package io.streamgate.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles and medians of measured values. */
final class Stats {

    private Stats() {
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** The values' p50, p95 and p99, as the report writes latencies: {@code p50 6.0 ms · p95 9.0 ms · p99 11.0 ms}. */
    static String percentiles(List<Double> values, int decimals) {
        String ms = "%." + decimals + "f ms";
        return String.format("p50 " + ms + " · p95 " + ms + " · p99 " + ms,
                percentile(values, 50), percentile(values, 95), percentile(values, 99));
    }
}
