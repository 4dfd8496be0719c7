package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.archive.ArchiveLayout;
import io.streamgate.pipeline.archive.ArchiveWriter;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.results.JsonRow;
import io.streamgate.pipeline.results.ProcessedRecord;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.ResultsListener;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Console;
import scala.runtime.BoxedUnit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Micro-batches through the one batch sink with a real local SparkSession: the console table, the
 * results, newest first, and the archive when the main query writes it; a user query's rows as JSON.
 * Every record is valid, so no dead letter (and no Kafka) is involved.
 */
class BatchSinkTest {

    private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";
    private static final StructType KAFKA_RECORD = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        // Two cores, as the app's local session has: a batch's tasks run side by side, and may end after a failure.
        spark = LocalSpark.start("batch-sinks-test", "local[2]", 1);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void printsTheNewestRowsOfTheBatchAndKeepsThemInTheResults() {
        Dataset<Row> batch = validRecords(0, 5);
        ResultTable results = records();
        BatchSink sink = sink(3, results, Optional.empty());

        String console = capturingStdout(() -> sink.call(batch, 7L));

        assertThat(console).contains("Batch: 7 (newest first)");
        assertThat(console.indexOf("key-4")).isPositive().isLessThan(console.indexOf("key-3"));
        assertThat(console.indexOf("key-3")).isLessThan(console.indexOf("key-2"));
        assertThat(console).doesNotContain("key-1");
        assertThat(processed(results.latest(10))).extracting(ProcessedRecord::offset).containsExactly(4L, 3L, 2L, 1L, 0L);
        assertThat(processed(results.latest(10))).allMatch(row -> row.valid() && row.batchId() == 7L);
    }

    /**
     * Written by the main query, the archive is Spark's file sink keyed by the main query's batch ids:
     * a batch replayed after a failure (the same id, the same rows) is not archived a second time. Its log
     * is in the folder its files are in, a space in the folder's name notwithstanding.
     */
    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void theMainQueryArchivesEachBatchOnceAlthoughABatchIsReplayed(String format, @TempDir Path folder) {
        Path archive = folder.resolve("an archive");
        ResultTable results = records();
        BatchSink sink = sink(0, results, Optional.of(new ArchiveWriter(LocalSpark.storage(), archive.toUri(), format, -1)));

        sink.call(validRecords(0, 5), 0L);
        sink.call(validRecords(0, 5), 0L); // replayed: committed before the failure, not before the main commit
        sink.call(validRecords(5, 8), 1L);

        List<Row> archived = spark.read().format(format).load(archive.toString()).orderBy("offset").collectAsList();
        assertThat(archived).extracting(row -> row.<Long>getAs("offset")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(archived).allMatch(row -> row.<Boolean>getAs("valid"));
        Row fields = archived.get(7).getAs("fields");
        assertThat(fields.<Long>getAs("id")).isEqualTo(7L);
        assertThat(fields.<String>getAs("name")).isEqualTo("n");
        assertThat(archived).extracting(row -> ((Number) row.getAs("batch_id")).longValue()).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L);
        assertThat(archived).extracting(row -> row.getAs("date").toString()).containsOnly("1970-01-01");
        if (format.equals("json")) {
            assertThat(spark.read().text(archive.toString()).first().getString(0)).as("nulls written out")
                    .contains("\"validation_error\":null");
        }
        assertThat(archive.resolve("_spark_metadata")).isDirectoryContaining(path -> path.getFileName().toString().equals("1"));
        assertThat(archive.resolve("date=1970-01-01")).isDirectoryContaining(path -> path.toString().endsWith("." + format));
        assertThat(folder).isDirectoryContaining(path -> path.equals(archive)).isDirectoryNotContaining(path -> !path.equals(archive));
        // One clock: the row's delivery time in the archive is the one the results show.
        ProcessedRecord shown = processed(results.latest(1)).get(0);
        assertThat(shown.offset()).isEqualTo(7L);
        assertThat(processedAt(archived.get(7))).isEqualTo(shown.processedAt());
        assertThat(processedAt(archived.get(4))).as("each batch its own time").isBefore(processedAt(archived.get(7)));
    }

    /**
     * Every sink from one read of the batch: the archive's write is the only Spark job, and the newest rows
     * the results and the console show are chosen on its way (not by a top-K job of their own, nor from a
     * cache), across the batch's partitions, as {@code ORDER BY timestamp DESC, offset DESC} would.
     */
    @Test
    void oneSparkJobFeedsTheArchiveTheResultsAndTheConsole(@TempDir Path archive) throws Exception {
        Dataset<Row> batch = validRecords(0, 40, 4);
        ResultTable results = ResultTable.of(ResultTable.Shape.RECORDS, "streamgate", 6, ResultsListener.NONE);
        BatchSink sink = sink(3, results, Optional.of(new ArchiveWriter(LocalSpark.storage(), archive.toUri(), "json", -1)));
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counting = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(counting);
        try {
            String console = capturingStdout(() -> sink.call(batch, 0L));
            spark.sparkContext().listenerBus().waitUntilEmpty();

            assertThat(jobs).as("Spark jobs for one batch").hasValue(1);
            assertThat(processed(results.latest(10))).extracting(ProcessedRecord::offset).containsExactly(39L, 38L, 37L, 36L, 35L, 34L);
            assertThat(console.indexOf("key-39")).isPositive().isLessThan(console.indexOf("key-38"));
            assertThat(console).doesNotContain("key-36");
            assertThat(spark.read().json(archive.toString()).count()).isEqualTo(40);
        } finally {
            spark.sparkContext().removeSparkListener(counting);
        }
    }

    /** A generation begun after one whose log was ahead of the checkpoint skips the batch the older one holds. */
    @Test
    void aNewGenerationSkipsTheBatchesTheOneBeforeHolds(@TempDir Path archive) {
        ResultTable results = records();
        BatchSink sink = sink(0, results, Optional.of(new ArchiveWriter(LocalSpark.storage(), archive.toUri(), "json", 0)));

        sink.call(validRecords(0, 5), 0L); // replayed: the generation before has it
        assertThat(processed(results.latest(10))).as("read once all the same, for the results")
                .extracting(ProcessedRecord::offset).containsExactly(4L, 3L, 2L, 1L, 0L);
        sink.call(validRecords(5, 8), 1L);

        assertThat(spark.read().json(archive.toString()).select("offset").as(Encoders.LONG()).collectAsList())
                .containsExactlyInAnyOrder(5L, 6L, 7L);
    }

    /** Begun on a checkpoint past batch 0, a generation's log is compacted (at batch 9) and read like any other. */
    @Test
    void aGenerationBegunPastBatchZeroIsCompactedAndRead(@TempDir Path archive) {
        BatchSink sink = sink(0, records(), Optional.of(new ArchiveWriter(LocalSpark.storage(), archive.toUri(), "json", -1)));
        for (int batch = 7; batch <= 12; batch++) {
            sink.call(validRecords(batch * 10, batch * 10 + 2), (long) batch);
        }
        assertThat(archive.resolve("_spark_metadata").resolve("9.compact")).exists();
        assertThat(spark.read().json(archive.toString()).count()).isEqualTo(12);
    }

    /**
     * The archive's files are laid out as Spark's file sink lays them out: a folder per record day (UTC),
     * files named {@code part-<task>-<uuid>-c000.json}, each listed in the batch's log entry. A batch whose
     * task fails leaves no entry, and the failed task no file; run again, it is archived once.
     */
    @Test
    void theArchiveIsLaidOutAsSparksFileSinkAndAFailedBatchIsNeverRead(@TempDir Path archive) throws Exception {
        ArchiveWriter writer = new ArchiveWriter(LocalSpark.storage(), archive.toUri(), "json", -1);
        long sixHours = 6 * 3_600_000L;
        BatchPass.Passing failing = noTopics().over(validRecords(0, 12, 4, sixHours), 0L, Instant.now(), new ShownRows.First(0));
        JavaRDD<InternalRow> aTaskFails = failing.passed().mapPartitionsWithIndex(
                (partition, rows) -> partition == 1 ? new FailingAtSecondRow(rows) : rows, false);
        assertThatThrownBy(() -> writer.write(spark, aTaskFails, failing.stamped(), 0L)).hasMessageContaining("fails after");
        // The job fails before the tasks it kills have ended: each deletes its file as it aborts.
        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                .allMatch(executor -> executor.numRunningTasks() == 0));
        // The failed task deleted its file; a task that ended as the job failed may leave its own (Spark's
        // protocol deletes those it has heard of), never read: only the log says what the archive holds.
        List<Path> leftByTheFailure = files(archive);
        assertThat(leftByTheFailure).noneMatch(file -> file.getFileName().toString().startsWith("part-00001-"));
        assertThat(archive.resolve("_spark_metadata").resolve("0")).doesNotExist();

        BatchPass.Passing again = noTopics().over(validRecords(0, 12, 4, sixHours), 0L, Instant.now(), new ShownRows.First(0));
        writer.write(spark, again.passed(), again.stamped(), 0L);

        List<Path> files = new ArrayList<>(files(archive));
        files.removeAll(leftByTheFailure);
        assertThat(files).extracting(file -> archive.relativize(file.getParent()).toString())
                .containsOnly("date=1970-01-01", "date=1970-01-02", "date=1970-01-03");
        assertThat(files).extracting(file -> file.getFileName().toString())
                .allMatch(name -> name.matches("part-0000[0-3]-[0-9a-f-]{36}-c000\\.json"));
        String entry = Files.readString(archive.resolve("_spark_metadata").resolve("0"));
        assertThat(files).allMatch(file -> entry.contains(archive.relativize(file) + "\""));
        assertThat(leftByTheFailure).noneMatch(file -> entry.contains(archive.relativize(file) + "\""));
        assertThat(entry.lines().count()).as("the version line, then a line per file").isEqualTo(files.size() + 1);
        List<Row> archived = spark.read().json(archive.toString()).orderBy("offset").collectAsList();
        assertThat(archived).extracting(row -> row.<Long>getAs("offset")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(archived.get(4).getAs("date").toString()).isEqualTo("1970-01-02");
    }

    /**
     * The JSON writer is handed the timestamps as its own text, made once for each value: each line of the
     * files is what Spark's JSON writer makes of the same row, in the session's time zone, for records of
     * the same millisecond and of others, before 1970 and on either side of a change of the zone's offset.
     */
    @Test
    void theArchivesLinesAreWhatSparksJsonWriterMakesOfItsRows(@TempDir Path archive) throws IOException {
        String zone = spark.conf().get(SESSION_TIME_ZONE);
        spark.conf().set(SESSION_TIME_ZONE, "America/New_York");
        try {
            long summerTime = Instant.parse("2026-03-08T07:00:00Z").toEpochMilli(); // 02:00 EST is 03:00 EDT
            BatchPass.Passing batch = noTopics().over(
                    validRecordsAt(0, 2, -1, -1, 0, 5, 5, 5, summerTime - 1, summerTime - 1, summerTime, summerTime + 1),
                    0L, Instant.parse("2026-12-07T10:15:30.123456Z"), new ShownRows.First(0));
            new ArchiveWriter(LocalSpark.storage(), archive.toUri(), "json", -1).write(spark, batch.passed(), batch.stamped(), 0L);

            List<String> written = new ArrayList<>();
            for (Path file : files(archive)) {
                written.addAll(Files.readAllLines(file));
            }
            List<String> sparks = ((org.apache.spark.sql.classic.SparkSession) spark)
                    .internalCreateDataFrame(batch.passed().rdd(), batch.stamped(), false)
                    .select(to_json(struct(ArchiveLayout.COLUMNS.stream().map(functions::col).toArray(Column[]::new)),
                            Map.of("ignoreNullFields", "false")))
                    .as(Encoders.STRING()).collectAsList();
            assertThat(written).hasSize(10).containsExactlyInAnyOrderElementsOf(sparks);
            assertThat(written).anyMatch(line -> line.contains("\"timestamp\":\"1969-12-31T18:59:59.999-05:00\""))
                    .anyMatch(line -> line.contains("\"timestamp\":\"2026-03-08T03:00:00.000-04:00\""))
                    .allMatch(line -> line.contains("\"processed_at\":\"2026-12-07T05:15:30.123-05:00\""));
        } finally {
            spark.conf().set(SESSION_TIME_ZONE, zone);
        }
    }

    /** A task's rows that fail at the second: after the first has been written. */
    private static final class FailingAtSecondRow implements java.util.Iterator<InternalRow> {
        private final java.util.Iterator<InternalRow> rows;
        private int read;

        FailingAtSecondRow(java.util.Iterator<InternalRow> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public InternalRow next() {
            if (++read == 2) {
                throw new IllegalStateException("a task that fails after its first row");
            }
            return rows.next();
        }
    }

    /** The archive's data files, its log apart. */
    private static List<Path> files(Path archive) throws IOException {
        try (Stream<Path> all = Files.walk(archive)) {
            return all.filter(Files::isRegularFile).filter(file -> !archive.relativize(file).startsWith("_spark_metadata"))
                    .filter(file -> !file.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static Instant processedAt(Row archived) {
        Object value = archived.getAs("processed_at");
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : OffsetDateTime.parse((String) value).toInstant();
    }

    @Test
    void theConsoleTableIsLaidOutAsSparksOwnShow() {
        StructType schema = new StructType()
                .add("key", DataTypes.StringType)
                .add("value", DataTypes.StringType)
                .add("offset", DataTypes.LongType)
                .add("valid", DataTypes.BooleanType)
                .add("processed_at", DataTypes.TimestampType);
        List<Row> rows = List.of(
                RowFactory.create("k", "{\"id\": 1, \"name\": \"" + "long ".repeat(20) + "\"}", 12L, true,
                        new Timestamp(1_764_547_200_120L)),
                RowFactory.create(null, "", 3L, false, new Timestamp(1_764_547_201_000L)),
                RowFactory.create("ünïcode", "x", 123_456_789L, false, Timestamp.valueOf("2026-11-30 23:59:59.123456")));
        Dataset<Row> frame = spark.createDataFrame(rows, schema);
        List<Row> collected = frame.collectAsList();

        String printedBySpark = capturingStdout(() -> frame.show(3, 30));

        assertThat(ConsoleTable.format(schema, collected, 30)).isEqualTo(printedBySpark);
    }

    /** Kafka records with offsets {@code from} (inclusive) to {@code to}, through the query's transform. */
    private static Dataset<Row> validRecords(int from, int to) {
        return validRecords(from, to, 1);
    }

    /** As Kafka's source gives them: in partitions, none shuffled. */
    private static Dataset<Row> validRecords(int from, int to, int partitions) {
        return validRecords(from, to, partitions, 1);
    }

    /** @param millisApart between the timestamps of records one after the other */
    private static Dataset<Row> validRecords(int from, int to, int partitions, long millisApart) {
        return validRecordsAt(from, partitions, LongStream.range(from, to).map(offset -> 1_000_000L + offset * millisApart).toArray());
    }

    /** Records from offset {@code from} on, one for each timestamp, in milliseconds since the epoch. */
    private static Dataset<Row> validRecordsAt(int from, int partitions, long... millis) {
        List<Row> records = new ArrayList<>();
        for (int i = 0; i < millis.length; i++) {
            int offset = from + i;
            records.add(RowFactory.create(bytes("key-" + offset), bytes("{\"id\": " + offset + ", \"name\": \"n\"}"),
                    "testTopic", 0, (long) offset, new Timestamp(millis[i])));
        }
        Dataset<Row> kafka = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(records, partitions),
                KAFKA_RECORD);
        return new RowFormat.Records().shape(RecordTransform.builtIn(kafka,
                RecordSchema.parse("id BIGINT NOT NULL, name STRING NOT NULL")));
    }

    /** A user query's rows, as a batch of them reaches the sink: key and value as JSON. */
    @Test
    void aUserQuerysRowsAreJsonAndABatchRunAgainIsNotAddedTwice() {
        RowFormat json = new RowFormat.Json(Optional.empty());
        ResultTable results = ResultTable.of(json.tableShape(), "big-orders", 10, ResultsListener.NONE);
        BatchSink sink = new BatchSink(json, results, false, noTopics(), Optional.empty(), Optional.empty(),
                Clock.systemUTC());
        Dataset<Row> batch = json.shape(validRecords(0, 3).select("key", "offset", "valid"));

        sink.call(batch, 0L);
        sink.call(batch, 0L); // run again after a failure

        assertThat(results.latest(10)).extracting(row -> ((JsonRow) row).value().toString()).containsExactly(
                "{\"key\":\"key-2\",\"offset\":2,\"valid\":true}", "{\"key\":\"key-1\",\"offset\":1,\"valid\":true}",
                "{\"key\":\"key-0\",\"offset\":0,\"valid\":true}");
    }

    /** An aggregation's groups are keyed by its group columns, and updated in place. */
    @Test
    void anAggregationsGroupsAreUpdatedInPlace() {
        RowFormat json = new RowFormat.Json(Optional.of(List.of("valid")));
        ResultTable results = ResultTable.of(json.tableShape(), "counts", 10, ResultsListener.NONE);
        BatchSink sink = new BatchSink(json, results, false, noTopics(), Optional.empty(), Optional.empty(),
                Clock.systemUTC());

        sink.call(json.shape(validRecords(0, 3).groupBy("valid").count()), 0L);
        sink.call(json.shape(validRecords(0, 5).groupBy("valid").count()), 1L);

        assertThat(results.latest(10)).extracting(ResultRow::groupKey).containsExactly("{\"valid\":true}");
        assertThat(((JsonRow) results.latest(1).get(0)).value().get("count").asLong()).isEqualTo(5);
    }

    private static ResultTable records() {
        return ResultTable.of(ResultTable.Shape.RECORDS, "streamgate", 10_000, ResultsListener.NONE);
    }

    private static List<ProcessedRecord> processed(List<ResultRow> rows) {
        return rows.stream().map(ProcessedRecord.class::cast).toList();
    }

    /** The default query's sink; its dead letters have no Kafka to go to, as none is expected. */
    private static BatchSink sink(int consoleRows, ResultTable results, Optional<ArchiveWriter> archive) {
        BatchPass deadLetters = new BatchPass(List.of(new DeadLetters("testTopic.DLT")), Map.of());
        return new BatchSink(new RowFormat.Records(), results, false, deadLetters,
                consoleRows > 0 ? Optional.of(new ConsolePrinter(consoleRows)) : Optional.empty(), archive, Clock.systemUTC());
    }

    private static BatchPass noTopics() {
        return new BatchPass(List.of(), Map.of());
    }

    /** Java's and Scala's stdout both: Spark's {@code show} prints through Scala's {@code Console}. */
    private static String capturingStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            Console.withOut(capture, () -> {
                action.run();
                return BoxedUnit.UNIT;
            });
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
