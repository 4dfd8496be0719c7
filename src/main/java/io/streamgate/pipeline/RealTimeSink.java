package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The main query's sink in real-time mode, where Spark allows row-by-row writers but not
 * {@code foreachBatch}: each row reaches the results as soon as its task has processed it, stamped
 * then, and an invalid row is sent to the dead-letter topic. Dead letters are flushed before the task
 * ends, so a batch whose dead letters were not delivered fails instead of being committed.
 */
final class RealTimeSink extends ForeachWriter<Row> {

    private final String deliveryKey;
    private final DeadLetters deadLetters;

    private transient Consumer<ProcessedRecord> results;
    private transient long batchId;
    private transient Producer<byte[], byte[]> producer;
    private transient DeadLetters.Outbox outbox;

    RealTimeSink(String deliveryKey, DeadLetters deadLetters) {
        this.deliveryKey = deliveryKey;
        this.deadLetters = deadLetters;
    }

    @Override
    public boolean open(long partitionId, long epochId) {
        results = RealTimeDelivery.receiver(deliveryKey);
        batchId = epochId;
        return true;
    }

    @Override
    public void process(Row row) {
        results.accept(ProcessedRecord.of(row, batchId, Instant.now()));
        if (!row.<Boolean>getAs(Columns.VALID)) {
            if (outbox == null) {
                producer = deadLetters.newProducer();
                outbox = deadLetters.new Outbox(producer);
            }
            outbox.offer(row);
        }
    }

    @Override
    public void close(Throwable error) {
        if (producer == null) {
            return;
        }
        try {
            if (error == null) {
                outbox.awaitDelivered();
            }
        } finally {
            // A failed or stopped task is processed again from the last checkpoint: nothing to wait for.
            producer.close(error == null ? Duration.ofSeconds(30) : Duration.ZERO);
            producer = null;
            outbox = null;
        }
    }
}
