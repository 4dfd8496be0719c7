package io.streamgate.pipeline.transform;

import io.streamgate.pipeline.LocalSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.VariantVal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.try_parse_json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TryParseJson} against Spark's own {@code try_parse_json}, value by value, with the settings Spark
 * reads for it either way: the same variant's bytes, or null for both.
 */
class TryParseJsonTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("try-parse-json-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false"})
    void everyValueParsesAsSparksTryParseJsonParsesIt(boolean allowDuplicateKeys, boolean validateUnicode) {
        spark.conf().set("spark.sql.variant.allowDuplicateKeys", allowDuplicateKeys);
        spark.conf().set("spark.sql.variant.validateUnicodeInJsonParsing", validateUnicode);
        List<byte[]> values = new ArrayList<>(JsonSamples.values());
        for (String text : List.of("{\"a\": 1, \"a\": 2}", "{\"s\": \"\\ud800 a lone surrogate\"}",
                "[".repeat(2_000) + "]".repeat(2_000), "{\"n\": 1e-400, \"d\": 0.10000000000000000001}")) {
            values.add(text.getBytes(StandardCharsets.UTF_8));
        }
        List<Row> rows = new ArrayList<>();
        for (byte[] value : values) {
            rows.add(RowFactory.create((Object) value));
        }
        Column text = col("bytes").cast("string");
        List<Row> parsed = spark.createDataFrame(rows, new StructType().add("bytes", DataTypes.BinaryType))
                .select(col("bytes"), try_parse_json(text).as("spark"), TryParseJson.of(text).as("ours"))
                .collectAsList();

        assertThat(parsed).hasSize(values.size());
        int json = 0;
        for (Row row : parsed) {
            String shown = row.isNullAt(0) ? "null" : new String((byte[]) row.get(0), StandardCharsets.UTF_8);
            VariantVal sparks = (VariantVal) row.get(1);
            VariantVal ours = (VariantVal) row.get(2);
            if (sparks == null) {
                assertThat(ours).as("the value %s", shown).isNull();
            } else {
                json++;
                assertThat(ours).as("the value %s", shown).isNotNull();
                assertThat(ours.getValue()).as("the value %s", shown).isEqualTo(sparks.getValue());
                assertThat(ours.getMetadata()).as("the value %s", shown).isEqualTo(sparks.getMetadata());
            }
        }
        assertThat(json).as("values that are JSON").isBetween(10, values.size() - 10);
    }
}
