package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.results.ResultRow;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A query's sink in real-time mode, where Spark allows row-by-row writers but not {@code foreachBatch}:
 * each row reaches the results as soon as its task has processed it, stamped then, and goes to the
 * query's topics. A task's records are flushed to Kafka before it ends, so a batch whose records were not
 * delivered fails instead of being committed.
 */
public final class RealTimeWriter extends ForeachWriter<Row> {

    private final String deliveryKey;
    private final RowFormat format;
    private final List<TopicSink> topics;
    private final Map<String, Object> producerConfig;
    private final Clock clock;

    private transient Consumer<ResultRow> results;
    private transient long batchId;
    private transient Outbox outbox;

    /**
     * @param deliveryKey    where the rows are received in this JVM ({@link RealTimeDelivery})
     * @param producerConfig of the producer the task sends with, shared in its JVM ({@link TaskProducers})
     */
    public RealTimeWriter(String deliveryKey, RowFormat format, List<TopicSink> topics, Map<String, Object> producerConfig,
                          Clock clock) {
        this.deliveryKey = deliveryKey;
        this.format = format;
        this.topics = List.copyOf(topics);
        this.producerConfig = Map.copyOf(producerConfig);
        this.clock = clock;
    }

    @Override
    public boolean open(long partitionId, long epochId) {
        results = RealTimeDelivery.receiver(deliveryKey);
        outbox = new Outbox(() -> TaskProducers.of(producerConfig));
        batchId = epochId;
        return true;
    }

    @Override
    public void process(Row row) {
        results.accept(format.resultRow(row, batchId, clock.instant()));
        outbox.send(topics, row);
    }

    /** A failed or stopped task is processed again from the last checkpoint: nothing to wait for then. */
    @Override
    public void close(Throwable error) {
        try {
            if (error == null) {
                outbox.awaitDelivered();
            }
        } finally {
            outbox = null;
        }
    }
}
