package io.streamgate.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** How Spark executes the main query: the classic micro-batches, or Spark 4.1+'s real-time mode. */
public enum QueryMode {

    /** Short batches on a trigger interval; every sink, exactly once; latency ≈ one or two batches. */
    MICRO_BATCH("micro-batch"),
    /**
     * Long-running batches whose tasks process each record as it arrives (milliseconds); the trigger
     * is then only the checkpoint interval. Stateless queries and row-by-row sinks only.
     */
    REAL_TIME("real-time");

    private final String value;

    QueryMode(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static QueryMode of(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.value.equalsIgnoreCase(value) || mode.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new InvalidQueryException(
                        "mode must be 'micro-batch' or 'real-time', not '" + value + "'"));
    }

    @Override
    public String toString() {
        return value;
    }
}
