package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.LocalSpark;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's own JSON lines are Spark's JSON writer's, byte for byte: both write the same rows, of
 * every type the archive's lines are made for, with values chosen to differ where encoders do (escapes,
 * text beyond ASCII and bytes that are not UTF-8, doubles' shortest digits and their non-finite values,
 * nulls at every depth).
 */
class ArchiveJsonFilesTest {

    private static final String COLUMNS = "s STRING, raw BINARY, l BIGINT, i INT, sh SMALLINT, b TINYINT, "
            + "flag BOOLEAN, d DOUBLE, f FLOAT, headers MAP<STRING, STRING>, amounts ARRAY<DOUBLE>, "
            + "fields STRUCT<id: BIGINT, `na\"me`: STRING, inner: STRUCT<x: INT, tags: ARRAY<STRING>>>";
    private static final String[] PIECES = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f",
            "\u0000", "\u0001", "\u001f", "\u007f", "é", "中", "\uD83D\uDE00", "\u2028", "{\"id\": 1}"};
    private static final double[] DOUBLES = {0.0, -0.0, 0.1, 1.0, -1.5, 1e7, 1e-7, 1e21, 123456789.125,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("archive-json-files-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void writesEveryLineAsSparksJsonWriterDoes(@TempDir java.nio.file.Path folder) throws Exception {
        Dataset<Row> rows = spark.createDataFrame(randomRows(new Random(42), 5_000), StructType.fromDDL(COLUMNS))
                .selectExpr("*", "cast(raw AS STRING) AS text").drop("raw"); // bytes that need not be UTF-8, as Kafka's
        StructType schema = rows.schema();
        List<InternalRow> internal = rows.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect();

        Job job = Job.getInstance(spark.sessionState().newHadoopConf());
        FileOutputFormat.setOutputPath(job, new Path(folder.toUri()));
        OutputWriterFactory sparks = new JsonFileFormat().prepareWrite(spark, job, ArchiveFileFormat.JSON_OPTIONS, schema);
        OutputWriterFactory ours = ArchiveFileFormat.JSON.writers(spark, job, schema);
        assertThat(ours).isInstanceOf(ArchiveJsonFiles.class);

        TaskAttemptContext attempt = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID("test", 0, TaskType.MAP, 0, 0));
        byte[] expected = written(sparks, schema, attempt, folder.resolve("spark.json"), internal);
        byte[] actual = written(ours, schema, attempt, folder.resolve("ours.json"), internal);

        assertThat(ours.getFileExtension(attempt)).isEqualTo(sparks.getFileExtension(attempt));
        assertThat(new String(actual, java.nio.charset.StandardCharsets.UTF_8).lines()).hasSize(internal.size());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void leavesTypesItDoesNotWriteToSparksWriter(@TempDir java.nio.file.Path folder) throws Exception {
        Job job = Job.getInstance(spark.sessionState().newHadoopConf());
        FileOutputFormat.setOutputPath(job, new Path(folder.toUri()));
        for (String columns : List.of("id BIGINT, amount DECIMAL(10, 2)", "id BIGINT, fields STRUCT<day: DATE>",
                "id BIGINT, at TIMESTAMP", "id BIGINT, payload BINARY", "id BIGINT, m MAP<INT, STRING>")) {
            assertThat(ArchiveFileFormat.JSON.writers(spark, job, StructType.fromDDL(columns)))
                    .as(columns).isNotInstanceOf(ArchiveJsonFiles.class);
        }
    }

    private static byte[] written(OutputWriterFactory files, StructType schema, TaskAttemptContext attempt,
                                  java.nio.file.Path file, List<InternalRow> rows) throws Exception {
        OutputWriter writer = files.newInstance(file.toString(), schema, attempt);
        rows.forEach(writer::write);
        writer.close();
        return Files.readAllBytes(file);
    }

    private static List<Row> randomRows(Random random, int count) {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Map<String, String> headers = new HashMap<>();
            for (int h = random.nextInt(3); h > 0; h--) {
                headers.put(text(random), random.nextInt(4) == 0 ? null : text(random));
            }
            List<Double> amounts = new ArrayList<>();
            for (int a = random.nextInt(4); a > 0; a--) {
                amounts.add(random.nextInt(5) == 0 ? null : number(random));
            }
            Row inner = RowFactory.create(random.nextInt(), maybe(random, Arrays.asList(text(random), null)));
            Row fields = RowFactory.create(maybe(random, random.nextLong()), maybe(random, text(random)), maybe(random, inner));
            byte[] raw = new byte[random.nextInt(8)];
            random.nextBytes(raw);
            rows.add(RowFactory.create(maybe(random, text(random)), raw, maybe(random, extreme(random)),
                    maybe(random, random.nextInt()), maybe(random, (short) random.nextInt()), maybe(random, (byte) random.nextInt()),
                    maybe(random, random.nextBoolean()), maybe(random, number(random)), maybe(random, (float) number(random)),
                    maybe(random, headers), maybe(random, amounts), maybe(random, fields)));
        }
        // Longer than the encoder's buffer once escaped, or at all: written around it.
        for (String longText : List.of("\"a\u0001é".repeat(3_000), "x".repeat(70_000), "中\\".repeat(30_000))) {
            rows.add(RowFactory.create(longText, new byte[0], null, null, null, null, null, null, null,
                    Map.of(longText, longText), null, null));
        }
        return rows;
    }

    private static <T> T maybe(Random random, T value) {
        return random.nextInt(8) == 0 ? null : value;
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static double number(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            default -> Math.round(random.nextDouble() * 1e6) / 100.0;
        };
    }

    private static long extreme(Random random) {
        long[] extremes = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        return random.nextBoolean() ? extremes[random.nextInt(extremes.length)] : random.nextLong();
    }
}
