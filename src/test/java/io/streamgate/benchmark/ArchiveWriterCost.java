package io.streamgate.benchmark;

import io.streamgate.pipeline.BenchmarkAccess;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The archive's writer alone, against Spark's own JSON writer on the same rows: the drain's records read
 * from Kafka once and kept in memory, then written again and again in this JVM, by Spark's {@code
 * write().partitionBy("date").json(…)} in the archive's layout, and by the service's pass and {@code
 * ArchiveWriter}, both after the same transformation. Neither Kafka nor the service's other sinks are in
 * the figures: what each writer costs is this JVM's CPU for each million rows.
 */
final class ArchiveWriterCost {

    /** Each run's CPU seconds of this JVM for each million rows written, and its rows a second. */
    record Runs(List<Double> cpuPerMillion, List<Double> rowsPerSecond) {
    }

    private final SparkSession spark;
    private final Dataset<Row> records;
    private final long count;

    ArchiveWriterCost(SparkSession spark, String bootstrapServers) {
        this.spark = spark;
        this.records = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", "testTopic")
                .option("includeHeaders", true)
                .load()
                .repartition(4) // as the drain's tasks: 4 partitions of the topic's records a batch
                .persist(StorageLevel.MEMORY_ONLY());
        this.count = records.count();
    }

    /** Spark's writer, then the service's, alternately (neither with the warmer JVM): their runs after the warm-ups. */
    List<Runs> alternately(int warmUps, int runs) throws Exception {
        List<Write> writes = List.of(
                folder -> BenchmarkAccess.archived(records, BenchmarkRun.RECORD_SCHEMA, 2).write().partitionBy("date").json(folder.toString()),
                folder -> BenchmarkAccess.archiveAsTheService(spark, records, BenchmarkRun.RECORD_SCHEMA, folder.toUri(), 0));
        List<Runs> measured = List.of(new Runs(new ArrayList<>(), new ArrayList<>()), new Runs(new ArrayList<>(), new ArrayList<>()));
        for (int i = 0; i < warmUps + runs; i++) {
            for (int w = 0; w < writes.size(); w++) {
                Path folder = Files.createTempDirectory("bench-writer").resolve("archive");
                try {
                    CpuWindow cpu = CpuWindow.over(ProcessHandle.current().pid());
                    long start = System.nanoTime();
                    writes.get(w).into(folder);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i >= warmUps) {
                        measured.get(w).cpuPerMillion().add(cpu.cpuSecondsPerMillion(count));
                        measured.get(w).rowsPerSecond().add(count / seconds);
                    }
                } finally {
                    BenchmarkRun.deleteRecursively(folder.getParent());
                }
            }
        }
        return measured;
    }

    void close() {
        records.unpersist();
    }

    private interface Write {
        void into(Path folder) throws Exception;
    }
}
