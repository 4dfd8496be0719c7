package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.definition.Columns;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import scala.Function1;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads each micro-batch once, in one Spark job, for every sink: the rows pass through a {@link RowPass} in
 * Spark's tasks on their way to whatever writes them (the archive), sending them to the query's topics
 * and choosing the rows shown as they go by; a batch nothing writes is read to its end by a job of its
 * own. Nothing is cached, and the batch's observed counts are counted once. Records sent are sent again
 * if Spark runs a batch again after a failure (at least once, as Spark's Kafka sink is).
 *
 * <p>The rows stay in Spark's internal form through the pass (the batch's {@code LogicalRDD}, read by the
 * archive's writer as they are): only rows sent or shown are converted. {@code BatchSinkTest} checks it on
 * each Spark upgrade.
 */
public final class BatchPass {

    private final List<TopicSink> topics;
    private final Map<String, Object> taskProducerConfig;

    /** @param taskProducerConfig the configuration of the producers Spark's tasks send with */
    public BatchPass(List<TopicSink> topics, Map<String, Object> taskProducerConfig) {
        this.topics = List.copyOf(topics);
        this.taskProducerConfig = Map.copyOf(taskProducerConfig);
    }

    /**
     * The batch with the pass on it, each row stamped with its batch's delivery time and id
     * ({@link Columns#PROCESSED_AT}, {@link Columns#BATCH_ID}) after its own columns; nothing runs until it
     * is read. Stamped in the pass, not by literals in the plan: a value that differs per batch inside a
     * plan has Spark generate and compile its code anew for every batch ({@code GeneratedCodeReuseTest}).
     */
    public Passing over(Dataset<Row> batch, long batchId, Instant processedAt, ShownRows shown) {
        org.apache.spark.sql.classic.Dataset<Row> classic = (org.apache.spark.sql.classic.Dataset<Row>) batch;
        // Unnamed: Spark's UI keeps a named accumulator's every value as text (10,000 rows a task).
        CollectionAccumulator<RowPass.Shown> shownByTasks = new CollectionAccumulator<>();
        classic.sparkSession().sparkContext().register(shownByTasks);
        JavaRDD<InternalRow> passed = rows(batch).toJavaRDD()
                .mapPartitions(new RowPass(batch.schema(), topics, taskProducerConfig, shown, shownByTasks, processedAt, batchId));
        StructType stamped = batch.schema().add(Columns.PROCESSED_AT, DataTypes.TimestampType, false)
                .add(Columns.BATCH_ID, DataTypes.LongType, false);
        return new Passing(classic.sparkSession(), passed, stamped, batch.schema(), shown, shownByTasks);
    }

    /**
     * The batch's rows as they are: {@code foreachBatch} hands the batch over as a {@link LogicalRDD} over
     * the streaming plan's rows, and a plan over it would copy each row.
     */
    public static RDD<InternalRow> rows(Dataset<Row> batch) {
        org.apache.spark.sql.classic.Dataset<Row> classic = (org.apache.spark.sql.classic.Dataset<Row>) batch;
        return classic.logicalPlan() instanceof LogicalRDD given ? given.rdd() : classic.queryExecution().toRdd();
    }

    /**
     * One batch's pass: {@link #passed} to be read once, its rows as {@link #stamped} says, then {@link #shown}.
     *
     * @param schema the batch's rows', without the stamp
     */
    public record Passing(SparkSession session, JavaRDD<InternalRow> passed, StructType stamped, StructType schema,
                          ShownRows choice, CollectionAccumulator<RowPass.Shown> shownByTasks) {

        /** Reads the batch to its end, unless a sink has read it already (a sink may skip a batch it holds). */
        void readIfUnread() {
            if (shownByTasks.isZero()) {
                passed.foreachPartition(rows -> rows.forEachRemaining(row -> { }));
            }
        }

        /** The rows the results and the console show, oldest first; once the batch has been read. */
        List<Row> shown() {
            Map<Integer, List<InternalRow>> byPartition = new LinkedHashMap<>();
            shownByTasks.value().stream().sorted(Comparator.comparingInt(RowPass.Shown::partition))
                    .forEach(task -> byPartition.putIfAbsent(task.partition(), task.rows()));
            Function1<Object, Object> toRow = CatalystTypeConverters.createToScalaConverter(schema);
            List<Row> shown = new ArrayList<>();
            choice.merged(new ArrayList<>(byPartition.values())).forEach(row -> shown.add((Row) toRow.apply(row)));
            return shown;
        }
    }
}
