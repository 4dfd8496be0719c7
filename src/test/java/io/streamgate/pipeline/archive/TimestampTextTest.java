package io.streamgate.pipeline.archive;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.json.JacksonGenerator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.Map$;

import java.io.CharArrayWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each timestamp's text against the one Spark's own JSON writer writes for it, in time zones with
 * half-hour offsets, summer time and offsets in seconds, over instants before and after the epoch.
 */
class TimestampTextTest {

    private static final StructType ONE = new StructType().add("t", DataTypes.TimestampType);

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe", "Europe/Amsterdam", "America/St_Johns"})
    void aTimestampsTextIsSparksJsonWritersText(String zone) {
        JSONOptions options = options(zone, "");
        TimestampText text = new TimestampText(options);
        int bySecond = 0;
        List<Long> instants = instants();
        for (long micros : instants) {
            assertThat(text.of(micros).toString()).as("%d µs in %s", micros, zone).isEqualTo(spark(options, micros));
            bySecond += text.formatsBySecond() ? 1 : 0;
        }
        assertThat(bySecond).as("formatted once a second, not by Spark each time").isEqualTo(instants.size());
    }

    @Test
    void aPatternWithoutMillisecondsIsSparksTextForEachTimestamp() {
        JSONOptions options = options("Europe/Paris", "yyyy-MM-dd HH:mm");
        TimestampText text = new TimestampText(options);
        for (long micros : instants()) {
            assertThat(text.of(micros).toString()).isEqualTo(spark(options, micros));
            assertThat(text.formatsBySecond()).isFalse();
        }
    }

    /** Runs inside a second, in and out of order, across summer time's changes and a thousand years. */
    private static List<Long> instants() {
        Random random = new Random(30);
        List<Long> instants = new ArrayList<>();
        long now = Instant.parse("2026-03-29T00:59:59.998Z").toEpochMilli() * 1000; // Europe's summer time begins at 01:00 UTC
        for (int i = 0; i < 500; i++) {
            instants.add(now + i * 997L);
        }
        for (long at : new long[]{0, -1, -999, -1_000_000, 999_999, Instant.parse("2026-11-01T05:59:59.5Z").toEpochMilli() * 1000}) {
            instants.add(at);
        }
        for (int i = 0; i < 2000; i++) {
            instants.add(random.nextLong(-30_000_000_000_000_000L, 250_000_000_000_000_000L)); // 1019 to 9892
        }
        return instants;
    }

    private static JSONOptions options(String zone, String pattern) {
        scala.collection.immutable.Map<String, String> options = Map$.MODULE$.<String, String>empty().updated("ignoreNullFields", "false");
        if (!pattern.isEmpty()) {
            options = options.updated("timestampFormat", pattern);
        }
        return new JSONOptions(options, zone, "_corrupt_record");
    }

    /** What Spark's JSON writer writes for the timestamp, its quotes off. */
    private static String spark(JSONOptions options, long micros) {
        CharArrayWriter written = new CharArrayWriter();
        JacksonGenerator generator = new JacksonGenerator(ONE, written, options);
        generator.write(new GenericInternalRow(new Object[]{micros}));
        generator.flush();
        String json = written.toString();
        return json.substring("{\"t\":\"".length(), json.length() - "\"}".length());
    }
}
