package io.streamgate.benchmark;

import io.streamgate.pipeline.BenchmarkAccess;
import io.streamgate.pipeline.archive.ArchiveLogAccess;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog$;
import org.apache.spark.sql.execution.streaming.sinks.SinkFileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * The archive's log at a compaction (every tenth batch), which rewrites every entry the log holds: one
 * per file the archive ever wrote, so its cost grows with the archive. Timed for the archive's log and
 * Spark's own file sink log, on the service's file system, with Spark's default settings.
 */
final class ArchiveLogCompaction {

    /** An hour, five hours and a day of batches at five a second, each writing one file. */
    static final List<Integer> ENTRIES = List.of(18_000, 90_000, 432_000);
    private static final int RUNS = 3;

    private final Path folder;

    ArchiveLogCompaction(Path folder) {
        this.folder = folder;
    }

    /** Milliseconds of the compaction batch's {@code add} at each size: [size][0 Spark's log, 1 the archive's], medians. */
    double[][] millis() {
        SparkSession spark = BenchmarkAccess.localSparkSession();
        try {
            BenchmarkAccess.serviceLocalFileSystem(spark);
            double[][] medians = new double[ENTRIES.size()][];
            for (int size = 0; size < ENTRIES.size(); size++) {
                List<Double> sparks = new ArrayList<>();
                List<Double> archives = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) { // alternately, so that neither has the warmer JVM
                    sparks.add(compaction(spark, ENTRIES.get(size), "spark-" + size + "-" + run, ArchiveLogAccess::sparksOwnLog));
                    archives.add(compaction(spark, ENTRIES.get(size), "archive-" + size + "-" + run, ArchiveLogAccess::archiveLog));
                }
                medians[size] = new double[] {Stats.median(sparks), Stats.median(archives)};
            }
            return medians;
        } finally {
            spark.stop();
        }
    }

    /**
     * Batches 0 to 8, the first with all but eight of the entries, then the compaction batch 9, timed; the
     * log deleted after (at a day's entries, some 200 MB).
     */
    private double compaction(SparkSession spark, int entries, String name,
                              BiFunction<SparkSession, String, FileStreamSinkLog> logAt) {
        Path logFolder = folder.resolve(name);
        FileStreamSinkLog log = logAt.apply(spark, logFolder.resolve("_spark_metadata").toString());
        log.add(0, IntStream.range(0, entries - 8).mapToObj(i -> file(0, i)).toArray(SinkFileStatus[]::new));
        for (int batch = 1; batch <= 8; batch++) {
            log.add(batch, new SinkFileStatus[] {file(batch, 0)});
        }
        long start = System.nanoTime();
        log.add(9, new SinkFileStatus[] {file(9, 0)});
        double millis = (System.nanoTime() - start) / 1e6;
        try {
            BenchmarkRun.deleteRecursively(logFolder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return millis;
    }

    private SinkFileStatus file(int batch, int index) {
        return new SinkFileStatus("file://" + folder + "/date=2026-12-06/part-" + index + "-" + batch
                + "-0d7c1e5a-4f4b-4d8e-9d3c-2b7f5b0e8a61.c000.json", 52_000, false, 1796539095117L + batch, 1,
                33_554_432, FileStreamSinkLog$.MODULE$.ADD_ACTION());
    }
}
