package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.streamgate.pipeline.Columns.OFFSET;
import static io.streamgate.pipeline.Columns.PROCESSED_AT;
import static io.streamgate.pipeline.Columns.TIMESTAMP;
import static org.apache.spark.sql.functions.col;

/**
 * Delivers each micro-batch, on the driver: stamps it, sends its invalid rows to the dead-letter topic,
 * keeps its newest rows in the bounded results and, like Spark's console sink, prints them; and, when
 * the plan says so, archives it. Only the newest rows a sink can show leave the executors (a top-K, not
 * a collect of the batch). When they are the whole batch, as they are at steady rates, the dead letters
 * are sent from them too: one Spark job per batch. A larger batch (a backlog) sends its dead letters
 * from Spark's tasks. Every batch is cached although a small one is read once: a large batch read twice
 * uncached would have its rows counted twice by {@code observe}. The archive is written last, from the
 * cache: the rows are in the results as soon as they can be, and the batch is committed only once they
 * are archived.
 */
final class BatchSinks implements VoidFunction2<Dataset<Row>, Long> {

    private final ResultsBuffer results;
    private final PipelineProperties.Console console;
    private final DeadLetters deadLetters;
    private final Supplier<Producer<byte[], byte[]>> driverProducer;
    private final Optional<ArchiveWriter> archive;

    BatchSinks(ResultsBuffer results, PipelineProperties.Console console, DeadLetters deadLetters,
               Supplier<Producer<byte[], byte[]>> driverProducer, Optional<ArchiveWriter> archive) {
        this.results = results;
        this.console = console;
        this.deadLetters = deadLetters;
        this.driverProducer = driverProducer;
        this.archive = archive;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        batch.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            int wanted = Math.max(results.capacity(), console.enabled() ? console.numRows() : 0);
            List<Row> newest = batch.orderBy(col(TIMESTAMP).desc(), col(OFFSET).desc())
                    .limit(wanted)
                    .collectAsList();
            // Milliseconds, as the archive's JSON Lines keep them: the results show the time the archive has.
            Instant processedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (newest.size() < wanted) {
                deadLetters.send(newest.iterator(), driverProducer);
            } else {
                deadLetters.sendFromTasks(batch);
            }
            show(newest, batchId, processedAt);
            archive.ifPresent(writer -> writer.write(batch, batchId, processedAt));
        } finally {
            batch.unpersist();
        }
    }

    private void show(List<Row> newest, long batchId, Instant processedAt) {
        if (newest.isEmpty()) {
            return;
        }
        List<ProcessedRecord> records = new ArrayList<>(newest.size());
        for (Row row : newest) {
            records.add(ProcessedRecord.of(row, batchId, processedAt));
        }
        results.addBatch(records);
        if (console.enabled()) {
            printToConsole(newest.subList(0, Math.min(console.numRows(), newest.size())), batchId, processedAt);
        }
    }

    private void printToConsole(List<Row> shown, long batchId, Instant processedAt) {
        StructType schema = shown.get(0).schema().add(PROCESSED_AT, DataTypes.TimestampType);
        List<Row> stamped = new ArrayList<>(shown.size());
        for (Row row : shown) {
            Object[] values = new Object[row.size() + 1];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i);
            }
            values[row.size()] = Timestamp.from(processedAt);
            stamped.add(RowFactory.create(values));
        }
        // One write, so that log lines from other threads do not cut through the table.
        System.out.print("-------------------------------------------\n"
                + "Batch: " + batchId + " (newest first)\n"
                + "-------------------------------------------\n"
                + ConsoleTable.format(schema, stamped, 60));
    }
}
