package io.streamgate.pipeline;

import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.ResultsListener;
import io.streamgate.pipeline.archive.ArchiveWriter;
import io.streamgate.pipeline.sink.BatchSink;
import io.streamgate.pipeline.sink.DeadLetters;
import io.streamgate.pipeline.sink.RowFormat;
import io.streamgate.pipeline.sink.BatchPass;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Once warm, the pipeline's micro-batches run the code Spark generated for the first ones. A value that
 * differs per batch inside an expression (such as {@code current_timestamp()}, a literal per batch in a
 * streaming query) would make Spark compile new classes, and the JIT start over, for every batch.
 */
class GeneratedCodeReuseTest {

    private static final RecordSchema SCHEMA = RecordSchema.parse("id BIGINT NOT NULL, name STRING NOT NULL");

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("generated-code-reuse-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void laterMicroBatchesCompileNoNewCode(@TempDir Path checkpoint) throws Exception {
        assertNoNewCodeOnceWarm(transformedToNoop(checkpoint));
    }

    /**
     * A query stopped and started again (as a restart, a resume or a user's query started again) runs on a
     * clone of the session, as every run does: it finds the code its run before compiled.
     */
    @Test
    void aQueryStartedAgainCompilesNoNewCode(@TempDir Path first, @TempDir Path second) throws Exception {
        StreamingQuery before = transformedToNoop(first);
        try {
            awaitBatches(before, 3);
        } finally {
            before.stop();
        }
        long compiledBefore = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
        StreamingQuery again = transformedToNoop(second);
        try {
            awaitBatches(again, 3);
            assertThat(CodegenMetrics.METRIC_COMPILATION_TIME().getCount())
                    .as("classes compiled by the query's second run, up to its batch %d", again.lastProgress().batchId())
                    .isEqualTo(compiledBefore);
        } finally {
            again.stop();
        }
    }

    /** As the main query runs: counted, delivered on the driver, stamped, archived with the stamp. */
    @Test
    void laterMicroBatchesThroughTheSinksAndTheArchiveCompileNoNewCode(@TempDir Path checkpoint, @TempDir Path archive)
            throws Exception {
        BatchSink sinks = new BatchSink(new RowFormat.Records(),
                ResultTable.of(ResultTable.Shape.RECORDS, "streamgate", 10_000, ResultsListener.NONE), false,
                new BatchPass(List.of(new DeadLetters("testTopic.DLT")), Map.of()), Optional.empty(), Optional.of(new ArchiveWriter(LocalSpark.storage(), archive.toUri(), "json", -1)), Clock.systemUTC());
        StreamingQuery query = new RowFormat.Records().shape(RecordTransform.counted(RecordTransform.builtIn(kafkaLike(), SCHEMA))).writeStream()
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.ProcessingTime(100))
                .foreachBatch(sinks).start();
        assertNoNewCodeOnceWarm(query);
    }

    /** The built-in transform over {@link #kafkaLike()}, every 100 ms, to Spark's noop sink. */
    private static StreamingQuery transformedToNoop(Path checkpoint) throws Exception {
        return RecordTransform.builtIn(kafkaLike(), SCHEMA).writeStream().format("noop")
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.ProcessingTime(100)).start();
    }

    /** Spark's rate source, shaped as the Kafka source's rows, headers included (every source reads them). */
    private static Dataset<Row> kafkaLike() {
        return spark.readStream().format("rate").option("rowsPerSecond", 200).load()
                .select(col("value").cast("string").cast("binary").as("key"),
                        to_json(struct(col("value").as("id"), lit("n").as("name"))).cast("binary").as("value"),
                        lit("testTopic").as("topic"), lit(0).as("partition"), col("value").as("offset"), col("timestamp"),
                        array(struct(lit("trace").as("key"), col("value").cast("string").cast("binary").as("value")))
                                .as("headers"));
    }

    private static void assertNoNewCodeOnceWarm(StreamingQuery query) throws Exception {
        try {
            awaitBatches(query, 3);
            long compiledWhenWarm = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
            long warmBatch = query.lastProgress().batchId();
            awaitBatches(query, warmBatch + 5);
            assertThat(CodegenMetrics.METRIC_COMPILATION_TIME().getCount())
                    .as("classes compiled over batches %d to %d", warmBatch, query.lastProgress().batchId())
                    .isEqualTo(compiledWhenWarm);
        } finally {
            query.stop();
        }
    }

    private static void awaitBatches(StreamingQuery query, long batchId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (query.exception().isDefined()) {
                throw query.exception().get();
            }
            return query.lastProgress() != null && query.lastProgress().batchId() >= batchId
                    && query.lastProgress().numInputRows() > 0;
        });
    }
}
