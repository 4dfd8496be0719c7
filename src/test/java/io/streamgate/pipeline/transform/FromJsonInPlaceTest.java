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
import java.util.Random;

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
        List<byte[]> values = new ArrayList<>();
        for (String text : List.of(
                "{\"id\": 7, \"name\": \"widget\", \"amount\": 2.5}",
                "{\"id\": 7, \"name\": \"w\", \"price\": 12.345, \"at\": \"2026-12-06T10:15:30Z\", \"day\": \"2026-12-06\"}",
                "{\"tags\": [\"a\", null, \"c\"], \"attrs\": {\"x\": 1, \"y\": \"two\"}, \"inner\": {\"a\": 1, \"b\": \"B\"}}",
                "  {\"id\": 1, \"id\": 2, \"name\": \"duplicate names: the last\"}  ",
                "{\"id\": \"seven\", \"name\": 7, \"amount\": \"2.5\", \"ok\": \"true\"}",
                "{\"id\": 12345678901234567890, \"amount\": 1e400, \"price\": 123456789012.5}",
                "{\"name\": \"escapes \\\" \\\\ \\n \\u00e9 \\ud83d\\ude00\", \"extra\": {\"deep\": [1, {\"x\": []}]}}",
                "{\"id\": 1, \"name\": \"n\"} trailing", "{\"id\": 1, \"name\": ", "{'id': 1}", "{\"amount\": NaN}",
                "[{\"id\": 1}]", "[]", "null", "\"text\"", "42", "", " ", "not json at all", "{}", "{\"ok\": tru}",
                "{\"name\": \"caf\u00e9 \u00fcber \u6f22\u5b57\", \"id\": 3}", "{\"id\": 1}\u0000", "\u0000{\"id\": 1}",
                "{\"id\": 1, \"name\": \"nul \u0000 inside\"}", "\ufeff{\"id\": 1, \"name\": \"after a byte order mark\"}")) {
            values.add(text.getBytes(StandardCharsets.UTF_8));
        }
        values.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'}); // a cut UTF-8 sequence
        values.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        values.add(new byte[] {0, '{', 0, '"', 0, 'i', 0, 'd', 0, '"', 0, ':', 0, '1', 0, '}'}); // UTF-16 by its look
        values.add(null);
        Random random = new Random(30);
        for (int i = 0; i < 200; i++) { // printable ASCII and JSON's punctuation, shuffled
            byte[] noise = new byte[random.nextInt(40)];
            String alphabet = "{}[]\":,0123456789.eE+-ntrufals \\abc";
            for (int j = 0; j < noise.length; j++) {
                noise[j] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            values.add(noise);
        }

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
