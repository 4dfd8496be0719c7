package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.archive.ArchiveWriter;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.RowsTable;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivers each micro-batch of a query, on the driver (its {@code foreachBatch}), to the sinks its plan
 * names: its topics (dead letters, output topic), its results, the console, the archive. Only the rows
 * the results and the console show leave the executors; how they are chosen, and the topics sent, is the
 * {@link RowFormat}'s. A batch read more than once is cached: read twice uncached, its rows would be
 * counted twice by {@code observe}. The archive is written last, from the cache: the rows are in the
 * results as soon as they can be, and the batch is committed only once they are archived.
 */
public final class BatchSink implements VoidFunction2<Dataset<Row>, Long> {

    private final RowFormat format;
    private final ResultTable results;
    private final boolean completeOutput;
    private final TopicWriter topics;
    private final Optional<ConsolePrinter> console;
    private final Optional<ArchiveWriter> archive;
    private final Clock clock;
    private long lastBatchId = -1;

    /** @param completeOutput each batch is the whole table (Spark's complete output mode) */
    public BatchSink(RowFormat format, ResultTable results, boolean completeOutput, TopicWriter topics,
                     Optional<ConsolePrinter> console, Optional<ArchiveWriter> archive, Clock clock) {
        this.format = format;
        this.results = results;
        this.completeOutput = completeOutput;
        this.topics = topics;
        this.console = console;
        this.archive = archive;
        this.clock = clock;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        boolean readTwice = format.readsTwice(topics) || archive.isPresent();
        if (readTwice) {
            batch.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            List<Row> shown = format.deliver(batch, Math.max(results.capacity(), console.map(ConsolePrinter::rows).orElse(0)),
                    topics);
            // Milliseconds, as the archive's JSON Lines keep them: the results show the time the archive has.
            Instant processedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            show(shown, batchId, processedAt);
            console.ifPresent(printer -> printer.print(shown, batchId, processedAt));
            archive.ifPresent(writer -> writer.write(batch, batchId, processedAt));
        } finally {
            if (readTwice) {
                batch.unpersist();
            }
        }
    }

    /**
     * Into the results: a batch Spark runs again after a failure is in a table of rows already (groups and
     * complete output are written over), so it is not added twice.
     */
    private void show(List<Row> oldestFirst, long batchId, Instant processedAt) {
        if (batchId <= lastBatchId && results instanceof RowsTable) {
            return;
        }
        int from = Math.max(0, oldestFirst.size() - results.capacity());
        List<ResultRow> rows = new ArrayList<>(oldestFirst.size() - from);
        for (Row row : oldestFirst.subList(from, oldestFirst.size())) {
            rows.add(format.resultRow(row, batchId, processedAt));
        }
        if (completeOutput) {
            results.replace(rows);
        } else {
            results.write(rows);
        }
        lastBatchId = batchId;
    }
}
