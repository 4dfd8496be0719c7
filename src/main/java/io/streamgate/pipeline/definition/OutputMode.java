package io.streamgate.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** How Spark writes a query's results, as its {@code outputMode} names them. */
public enum OutputMode {

    /** Each row once, when it is final. */
    APPEND("append", org.apache.spark.sql.streaming.OutputMode.Append()),
    /** The groups a batch changed, each with its current value. */
    UPDATE("update", org.apache.spark.sql.streaming.OutputMode.Update()),
    /** Every group, at every batch. */
    COMPLETE("complete", org.apache.spark.sql.streaming.OutputMode.Complete());

    private final String value;
    private final org.apache.spark.sql.streaming.OutputMode spark;

    OutputMode(String value, org.apache.spark.sql.streaming.OutputMode spark) {
        this.value = value;
        this.spark = spark;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public org.apache.spark.sql.streaming.OutputMode spark() {
        return spark;
    }

    public static OutputMode of(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.value.equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new InvalidQueryException(
                        "outputMode must be 'append', 'update' or 'complete', not '" + value + "'"));
    }

    @Override
    public String toString() {
        return value;
    }
}
