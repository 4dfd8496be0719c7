package io.streamgate.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The aims of the fast path (docs/benchmark.md "Aims"), each beside the figure this run measured and
 * whether it was met. A report, never an assertion: figures move with the machine's day.
 */
final class Aims {

    private record Aim(String what, String bound, String figure, boolean met) {
    }

    private final List<Aim> aims = new ArrayList<>();

    void atMost(String what, double figure, double bound, String unit) {
        aims.add(new Aim(what, "≤ " + number(bound) + unit, number(figure) + unit, figure <= bound));
    }

    void atLeast(String what, double figure, double bound, String unit) {
        aims.add(new Aim(what, "≥ " + number(bound) + unit, number(figure) + unit, figure >= bound));
    }

    boolean isEmpty() {
        return aims.isEmpty();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("| Aim | Bound | This run | |\n|---|---|---|---|\n");
        aims.forEach(aim -> md.append("| ").append(aim.what()).append(" | ").append(aim.bound()).append(" | ")
                .append(aim.figure()).append(" | ").append(aim.met() ? "met" : "**not met**").append(" |\n"));
        return md.toString();
    }

    private static String number(double value) {
        return Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
