package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.col;

/**
 * Writes each micro-batch to the dead-letter topic (invalid rows), to the bounded results and,
 * like Spark's console sink, to stdout. Only the newest rows a sink can show leave the executors (a
 * top-K, not a collect of the batch), and the console prints from those rows ({@link ConsoleTable}).
 * When they are the whole batch, as they are at steady rates, the dead letters are sent from them
 * too: one Spark job per batch. A larger batch (a backlog) sends its dead letters with Spark's Kafka
 * sink from the cached batch.
 * Every batch is cached although a small one is read once: a large batch read twice uncached would have
 * its rows counted twice by {@code observe} (tried: the cache costs about 15 ms a batch at 1,000 rec/s).
 * When the main query writes the archive, it does so last, from the cache: the rows are in the results
 * as soon as they can be, and the batch is committed only once they are archived.
 */
final class BatchSinks implements VoidFunction2<Dataset<Row>, Long> {

    private final ResultsBuffer results;
    private final PipelineProperties.Console console;
    private final DeadLetters deadLetters;
    private final Supplier<Producer<byte[], byte[]>> driverProducer;
    private final MainQueryArchive archive;

    /** @param archive null when the main query does not write the archive */
    BatchSinks(ResultsBuffer results, PipelineProperties.Console console, DeadLetters deadLetters,
               Supplier<Producer<byte[], byte[]>> driverProducer, MainQueryArchive archive) {
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
            List<Row> newest = batch.orderBy(col("timestamp").desc(), col("offset").desc())
                    .limit(wanted)
                    .collectAsList();
            if (newest.size() < wanted) {
                deadLetters.sendFromDriver(newest, driverProducer);
            } else {
                deadLetters.send(batch);
            }
            show(newest, batchId);
            if (archive != null) {
                archive.write(batch, batchId);
            }
        } finally {
            batch.unpersist();
        }
    }

    private void show(List<Row> newest, long batchId) {
        if (newest.isEmpty()) {
            return;
        }
        List<ProcessedRecord> records = new ArrayList<>(newest.size());
        for (Row row : newest) {
            records.add(ProcessedRecord.of(row, batchId, row.<Timestamp>getAs("processed_at").toInstant()));
        }
        results.addBatch(records);
        if (console.enabled()) {
            printToConsole(newest, batchId);
        }
    }

    private void printToConsole(List<Row> newest, long batchId) {
        List<Row> shown = newest.subList(0, Math.min(console.numRows(), newest.size()));
        // One write, so that log lines from other threads do not cut through the table.
        System.out.print("-------------------------------------------\n"
                + "Batch: " + batchId + " (newest first)\n"
                + "-------------------------------------------\n"
                + ConsoleTable.format(shown.get(0).schema(), shown, 60));
    }
}
