package io.streamgate.pipeline.sink;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import scala.Function1;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One task's share of a batch, passed on to whatever reads it (the archive's writer, or nothing) with its
 * batch's delivery time and id after its own columns, while each row goes to the query's topics and is
 * offered to the rows shown. Once its last row has gone
 * by, the task waits until Kafka has every record it sent (a batch not delivered fails instead of being
 * committed) and hands its shown rows to the driver through an accumulator, which Spark merges once for
 * each partition of the job, however often a task is run.
 */
final class RowPass implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    /** What one task chose to show, and for which partition: copies of Spark's rows, which travel as their bytes. */
    record Shown(int partition, List<InternalRow> rows) implements Serializable {
    }

    private final StructType schema;
    private final List<TopicSink> topics;
    private final Map<String, Object> producerConfig;
    private final ShownRows shown;
    private final CollectionAccumulator<Shown> shownByTasks;
    private final long processedAtMicros;
    private final long batchId;

    /**
     * @param schema         the batch's rows', without the stamp
     * @param producerConfig of the producer the task sends with, shared in its JVM ({@link TaskProducers})
     */
    RowPass(StructType schema, List<TopicSink> topics, Map<String, Object> producerConfig, ShownRows shown,
            CollectionAccumulator<Shown> shownByTasks, Instant processedAt, long batchId) {
        this.schema = schema;
        this.processedAtMicros = DateTimeUtils.instantToMicros(processedAt);
        this.batchId = batchId;
        this.topics = List.copyOf(topics);
        this.producerConfig = Map.copyOf(producerConfig);
        this.shown = shown;
        this.shownByTasks = shownByTasks;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        Function1<Object, Object> toRow = CatalystTypeConverters.createToScalaConverter(schema);
        ShownRows.Choice choice = shown.inTask();
        Outbox outbox = new Outbox(() -> TaskProducers.of(producerConfig));
        InternalRow stamp = new GenericInternalRow(new Object[] {processedAtMicros, batchId});
        return new Iterator<>() {
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (rows.hasNext()) {
                    return true;
                }
                if (!ended) {
                    ended = true;
                    outbox.awaitDelivered();
                    shownByTasks.add(new Shown(TaskContext.getPartitionId(), new ArrayList<>(choice.kept())));
                }
                return false;
            }

            @Override
            public InternalRow next() {
                InternalRow row = rows.next();
                choice.offer(row);
                for (TopicSink topic : topics) {
                    if (topic.mayTake(row, schema)) {
                        outbox.send(topic, (Row) toRow.apply(row));
                    }
                }
                return new JoinedRow(row, stamp);
            }
        };
    }
}
