package io.streamgate.pipeline.sink;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows laid out as Spark's {@code Dataset.show(numRows, truncate)} prints them, from rows already on
 * the driver. Not {@code show} itself: that plans and runs a query over a new DataFrame, which cost
 * a noticeable part of a small micro-batch (docs/benchmark.md),
 * for a table of 20 rows. Made for the pipeline's columns (strings, numbers, booleans, timestamps);
 * one difference: a wide (East Asian) character counts as one column here, as two in Spark.
 */
final class ConsoleTable {

    /** As Spark casts a timestamp to a string: the session's (here the JVM's) zone, no trailing zeros. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();

    private ConsoleTable() {
    }

    /** @param truncate longest cell, as in {@code show}: longer ones end in "..." */
    static String format(StructType schema, List<Row> rows, int truncate) {
        List<String[]> cells = new ArrayList<>(rows.size() + 1);
        cells.add(Arrays.stream(schema.fieldNames()).map(name -> truncated(name, truncate)).toArray(String[]::new));
        for (Row row : rows) {
            String[] line = new String[schema.size()];
            for (int i = 0; i < line.length; i++) {
                line[i] = truncated(text(row.get(i)), truncate);
            }
            cells.add(line);
        }
        int[] widths = new int[schema.size()];
        Arrays.fill(widths, 3);
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder separator = new StringBuilder("+");
        for (int width : widths) {
            separator.append("-".repeat(width)).append('+');
        }
        StringBuilder table = new StringBuilder(separator).append('\n');
        for (int l = 0; l < cells.size(); l++) {
            table.append('|');
            String[] line = cells.get(l);
            for (int i = 0; i < line.length; i++) {
                table.append(" ".repeat(widths[i] - line[i].length())).append(line[i]).append('|');
            }
            table.append('\n');
            if (l == 0) {
                table.append(separator).append('\n');
            }
        }
        // Spark prints the table with println, hence the blank line after it.
        return table.append(separator).append("\n\n").toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Timestamp timestamp) {
            return TIMESTAMP.format(timestamp.toLocalDateTime());
        }
        return String.valueOf(value);
    }

    private static String truncated(String text, int truncate) {
        if (text.length() <= truncate) {
            return text;
        }
        return truncate < 4 ? text.substring(0, truncate) : text.substring(0, truncate - 3) + "...";
    }
}
