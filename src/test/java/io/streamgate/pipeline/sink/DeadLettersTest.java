package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invalid records only, each with its key and value as they arrived and why and where from in
 * headers; a row Spark's tasks skip without converting it would not have been one.
 */
class DeadLettersTest {

    private static final StructType KAFKA_RECORD = new StructType()
            .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType);

    private static SparkSession spark;
    private final DeadLetters deadLetters = new DeadLetters("testTopic.DLT");

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("dead-letters-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void anInvalidRecordBecomesADeadLetterWithItsReasonAndOrigin() {
        List<ProducerRecord<byte[], byte[]>> sent = fromDriver(batch());

        assertThat(sent).hasSize(2);
        ProducerRecord<byte[], byte[]> notJson = sent.get(0);
        assertThat(notJson.topic()).isEqualTo("testTopic.DLT");
        assertThat(text(notJson.key())).isEqualTo("k1");
        assertThat(text(notJson.value())).isEqualTo("not json");
        assertThat(headers(notJson)).containsExactly(Map.entry("streamgate.validation.error", "value is not valid JSON"),
                Map.entry("streamgate.origin.topic", "testTopic"), Map.entry("streamgate.origin.partition", "2"),
                Map.entry("streamgate.origin.offset", "41"));
        assertThat(sent.get(1).key()).as("a record without a key").isNull();
        assertThat(headers(sent.get(1))).containsEntry("streamgate.validation.error", "missing required field 'id'");
    }

    /** Spark's tasks ask before they convert a row; the answer must never leave a dead letter out. */
    @Test
    void aRowMayBeTakenExactlyWhenItBecomesARecord() {
        Dataset<Row> batch = batch();
        InternalRow[] internal = ((org.apache.spark.sql.classic.Dataset<Row>) batch).queryExecution().executedPlan()
                .executeCollect();
        List<Row> rows = batch.collectAsList();

        assertThat(internal).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(deadLetters.mayTake(internal[i], batch.schema())).as("row %d", i)
                    .isEqualTo(deadLetters.record(rows.get(i)) != null);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> fromDriver(Dataset<Row> batch) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        batch.collectAsList().stream().map(deadLetters::record).filter(Objects::nonNull).forEach(records::add);
        return records;
    }

    /** A valid record, one whose value is not JSON, and one without its required field, through the built-in select. */
    private static Dataset<Row> batch() {
        List<Row> records = List.of(
                RowFactory.create(bytes("k0"), bytes("{\"id\": 1}"), "testTopic", 2, 40L, new Timestamp(1_000L)),
                RowFactory.create(bytes("k1"), bytes("not json"), "testTopic", 2, 41L, new Timestamp(2_000L)),
                RowFactory.create(null, bytes("{\"name\": \"x\"}"), "testTopic", 2, 42L, new Timestamp(3_000L)));
        return RecordTransform.builtIn(spark.createDataFrame(records, KAFKA_RECORD), RecordSchema.parse("id BIGINT NOT NULL"))
                .orderBy("offset");
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
