package io.streamgate.pipeline.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.json.JacksonGenerator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Timestamps as Spark's JSON writer writes them, formatted once a second instead of once a row. Spark's
 * writer formats each with {@code java.time}'s formatter, a tenth of a drain's task time for the archive's
 * two timestamps (docs/benchmark.md, "The archive's timestamps"). In its pattern (ISO 8601 with
 * milliseconds, in the session's time zone) an instant's text is its second's with the milliseconds in
 * place. Each second's text comes from Spark's own writer, and is checked against Spark's text of an
 * instant inside that second; where they would differ (a pattern of other options), each timestamp is
 * Spark's text as it is. One per task and column: not thread-safe.
 */
final class TimestampText {

    private static final long MICROS = 1_000_000L;
    /** Microseconds into a second whose text shows where the milliseconds go: {@code .123}. */
    private static final long PROBE = 123_456L;
    private static final String NONE = ".000";
    private static final String PROBED = ".123";
    private static final StructType ONE = new StructType().add("t", DataTypes.TimestampType);

    private final CharArrayWriter written = new CharArrayWriter();
    private final JacksonGenerator spark;
    private final GenericInternalRow one = new GenericInternalRow(1);
    private final JsonFactory json = new JsonFactory();
    private long second = Long.MIN_VALUE;
    private byte[] secondText;
    private int millisAt = -1; // -1: Spark's text for each timestamp

    TimestampText(JSONOptions options) {
        spark = new JacksonGenerator(ONE, written, options);
    }

    /** The text Spark's JSON writer writes for a timestamp of these microseconds since the epoch. */
    UTF8String of(long micros) {
        long second = Math.floorDiv(micros, MICROS);
        if (second != this.second) {
            begin(second);
        }
        if (millisAt < 0) {
            return UTF8String.fromString(spark(micros));
        }
        int millis = (int) (Math.floorMod(micros, MICROS) / 1000);
        byte[] text = secondText.clone();
        text[millisAt] = (byte) ('0' + millis / 100);
        text[millisAt + 1] = (byte) ('0' + millis / 10 % 10);
        text[millisAt + 2] = (byte) ('0' + millis % 10);
        return UTF8String.fromBytes(text);
    }

    /** Whether the last timestamp's second is formatted once, its milliseconds put in place. */
    boolean formatsBySecond() {
        return millisAt >= 0;
    }

    private void begin(long second) {
        this.second = second;
        millisAt = -1;
        if (second < Long.MIN_VALUE / MICROS) {
            return; // its first microsecond is out of a long's range
        }
        String whole = spark(second * MICROS);
        int at = whole.indexOf(NONE);
        if (at < 0 || whole.indexOf(NONE, at + 1) >= 0 || !ascii(whole)) {
            return;
        }
        String probed = whole.substring(0, at) + PROBED + whole.substring(at + NONE.length());
        if (probed.equals(spark(second * MICROS + PROBE))) {
            secondText = whole.getBytes(StandardCharsets.US_ASCII);
            millisAt = at + 1;
        }
    }

    /** Spark's JSON writer's text for a timestamp, read back out of its one-field object. */
    private String spark(long micros) {
        written.reset();
        one.update(0, micros);
        spark.write(one);
        spark.flush();
        try (JsonParser parser = json.createParser(written.toCharArray())) {
            parser.nextToken(); // {
            parser.nextToken(); // "t"
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown for text in memory that Jackson itself wrote
        }
    }

    private static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }
}
