package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;

import java.time.Duration;
import java.time.Instant;

/**
 * The main query's sink in real-time mode, where Spark allows row-by-row writers but not
 * {@code foreachBatch}: each row reaches the results as soon as its task has processed it, and an
 * invalid row is sent to the dead-letter topic. Dead letters are flushed before the task ends, so a
 * batch whose dead letters were not delivered fails instead of being committed.
 */
final class RealTimeSink extends ForeachWriter<Row> {

    private final String resultsId;
    private final DeadLetters deadLetters;

    private transient ResultsBuffer results;
    private transient long batchId;
    private transient Producer<byte[], byte[]> producer;
    private transient volatile Exception sendFailure;

    RealTimeSink(String resultsId, DeadLetters deadLetters) {
        this.resultsId = resultsId;
        this.deadLetters = deadLetters;
    }

    @Override
    public boolean open(long partitionId, long epochId) {
        results = InProcessResults.get(resultsId);
        batchId = epochId;
        return true;
    }

    @Override
    public void process(Row row) {
        failIfDeadLettersWereLost();
        // Spark's current_timestamp() is the batch's start, minutes ago in a long real-time batch.
        results.add(ProcessedRecord.of(row, batchId, Instant.now()));
        if (!row.<Boolean>getAs("valid")) {
            if (producer == null) {
                producer = new KafkaProducer<>(deadLetters.producerConfig());
            }
            producer.send(deadLetters.record(row), (metadata, error) -> {
                if (error != null) {
                    sendFailure = error;
                }
            });
        }
    }

    @Override
    public void close(Throwable error) {
        if (producer != null) {
            try {
                if (error == null) {
                    producer.flush();
                }
            } finally {
                // A failed or stopped task is replayed from the last checkpoint: nothing to wait for.
                producer.close(error == null ? Duration.ofSeconds(30) : Duration.ZERO);
                producer = null;
            }
        }
        if (error == null) {
            failIfDeadLettersWereLost();
        }
    }

    private void failIfDeadLettersWereLost() {
        if (sendFailure != null) {
            throw new IllegalStateException("Dead letters to " + deadLetters.topic() + " were not delivered", sendFailure);
        }
    }
}
