package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A WHERE on timestamp reads only the day folders it can match, and keeps exactly the rows it did. */
class DayPruningTest {

    private static SparkSession spark;

    @TempDir
    static Path files;

    @BeforeAll
    static void fiveDays() {
        spark = LocalSpark.start("day-pruning-test");
        // Noon of each of five days, in folders by day as the archive writes them.
        spark.sql("SELECT id, timestamp_micros(1764590400000000 + id * 86400000000) AS timestamp FROM range(5)")
                .withColumn("date", ArchiveLayout.day(org.apache.spark.sql.functions.col("timestamp")))
                .write().mode("overwrite").partitionBy("date").json(files.toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void boundsOnTimestampPruneTheDaysAndKeepTheRows() {
        // 2025-12-01 12:00 is id 0; the second to the fourth day.
        assertPruned("timestamp >= TIMESTAMP'2025-12-02 00:00:00Z' AND timestamp < TIMESTAMP'2025-12-04 23:00:00Z'", 3, 1, 2, 3);
        assertPruned("TIMESTAMP'2025-12-03 00:00:00Z' <= timestamp", 3, 2, 3, 4);
        assertPruned("timestamp = TIMESTAMP'2025-12-05 12:00:00Z'", 1, 4);
        assertPruned("timestamp > '2025-12-04' AND id >= 0", 2, 3, 4);
    }

    @Test
    void aConditionNotOnTheFilesOwnTimestampPrunesNothing() {
        assertPruned("id = 2 OR timestamp > TIMESTAMP'2025-12-05 00:00:00Z'", 5, 2, 4);
        assertPruned("date_add(timestamp, 1) > DATE'2025-12-05'", 5, 4);
    }

    private void assertPruned(String where, int daysRead, Integer... ids) {
        Dataset<Row> rows = DayPruning.apply(spark.read().schema("id BIGINT, timestamp TIMESTAMP, date DATE").json(files.toString()).where(where).select("id"));
        assertThat(rows.as(org.apache.spark.sql.Encoders.LONG()).collectAsList()).as(where)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(ids).map(Integer::longValue).toArray(Long[]::new));
        assertThat(partitionsRead(rows.queryExecution().sparkPlan())).as(where).isEqualTo(daysRead);
    }

    private static int partitionsRead(SparkPlan plan) {
        List<FileSourceScanExec> scans = new ArrayList<>();
        plan.foreach(node -> {
            if (node instanceof FileSourceScanExec scan) {
                scans.add(scan);
            }
            return null;
        });
        return scans.stream().mapToInt(scan -> scan.selectedPartitions().partitionCount()).sum();
    }
}
