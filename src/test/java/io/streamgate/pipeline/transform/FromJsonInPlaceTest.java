package io.streamgate.pipeline.transform;

import io.streamgate.pipeline.LocalSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FromJsonInPlace} against Spark's own {@code from_json}, value by value, on a real local
 * SparkSession: values read in place (plain ASCII) and values left to Spark's reader (past ASCII, invalid
 * UTF-8, a NUL, a byte order mark), valid and not, as the pipeline makes them: Kafka's bytes cast to text.
 */
class FromJsonInPlaceTest {

    private static final StructType SCHEMA = StructType.fromDDL("id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE, "
            + "price DECIMAL(10,2), at TIMESTAMP, day DATE, tags ARRAY<STRING>, attrs MAP<STRING,INT>, "
            + "inner STRUCT<a: INT, b: STRING>, ok BOOLEAN");
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("from-json-in-place-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void everyValueReadsAsSparksFromJsonReadsIt() {
        List<byte[]> values = JsonSamples.values();

        List<Row> rows = new ArrayList<>();
        for (byte[] value : values) {
            rows.add(RowFactory.create((Object) value));
        }
        Column text = col("bytes").cast("string");
        Dataset<Row> read = spark.createDataFrame(rows, new StructType().add("bytes", DataTypes.BinaryType))
                .select(col("bytes"), to_json(from_json(text, SCHEMA, SchemaValidation.OPTIONS)).as("spark"),
                        to_json(FromJsonInPlace.fromJson(text, SCHEMA, SchemaValidation.OPTIONS)).as("inPlace"));

        List<Row> compared = read.collectAsList();
        assertThat(compared).hasSize(values.size());
        int parsed = 0;
        for (Row row : compared) {
            String shown = row.isNullAt(0) ? "null" : new String((byte[]) row.get(0), StandardCharsets.UTF_8);
            assertThat(row.getString(2)).as("the value %s", shown).isEqualTo(row.getString(1));
            if (!row.isNullAt(1) && row.getString(1).contains("\"id\"")) {
                parsed++;
            }
        }
        assertThat(parsed).as("values with an id read").isGreaterThanOrEqualTo(5);
        assertThat(compared.get(0).getString(2)).isEqualTo("{\"id\":7,\"name\":\"widget\",\"amount\":2.5}");
    }

    @Test
    void onlyBytesFromOneTo127AreReadInPlace() {
        assertThat(FromJsonInPlace.plainAscii("{\"a\": 1}".getBytes(StandardCharsets.US_ASCII), 0, 8)).isTrue();
        assertThat(FromJsonInPlace.plainAscii("xx{\"a\": 1}".getBytes(StandardCharsets.US_ASCII), 2, 8)).isTrue();
        assertThat(FromJsonInPlace.plainAscii("{\"a\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_8), 0, 10)).isFalse();
        assertThat(FromJsonInPlace.plainAscii(new byte[] {'{', 0, '}'}, 0, 3)).isFalse();
        assertThat(FromJsonInPlace.plainAscii(new byte[] {'{', '}', (byte) 0x80}, 0, 2)).isTrue(); // past the value: not read
    }
}
