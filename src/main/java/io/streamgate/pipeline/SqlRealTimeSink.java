package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A user query's sink in real-time mode (rows are {@link SqlOutput}'s key and value): each row reaches
 * the results as soon as its task has it, and the output topic, if any; a task's records are flushed
 * to Kafka before it ends, so a batch is committed only once Kafka has them.
 */
final class SqlRealTimeSink extends ForeachWriter<Row> {

    private final String deliveryKey;
    private final String bootstrapServers;
    private final String outputTopic; // null: none

    private transient Consumer<List<Map.Entry<String, JsonNode>>> results;
    private transient Producer<String, String> producer;
    private transient volatile Exception sendFailure;

    SqlRealTimeSink(String deliveryKey, String bootstrapServers, String outputTopic) {
        this.deliveryKey = deliveryKey;
        this.bootstrapServers = bootstrapServers;
        this.outputTopic = outputTopic;
    }

    @Override
    public boolean open(long partitionId, long epochId) {
        results = RealTimeDelivery.receiver(deliveryKey);
        if (outputTopic != null) {
            producer = SqlOutput.newProducer(bootstrapServers);
        }
        return true;
    }

    @Override
    public void process(Row row) {
        String key = row.getString(0);
        String value = row.getString(1);
        results.accept(List.of(SqlBatchSinks.entry(key, value)));
        if (producer != null) {
            producer.send(new ProducerRecord<>(outputTopic, key, value), (metadata, e) -> {
                if (e != null) {
                    sendFailure = e;
                }
            });
        }
    }

    @Override
    public void close(Throwable error) {
        if (producer != null) {
            if (error == null) {
                producer.flush();
            }
            producer.close(error == null ? Duration.ofSeconds(30) : Duration.ZERO);
            producer = null;
            if (error == null && sendFailure != null) {
                throw new IllegalStateException("Kafka did not take a result row for " + outputTopic, sendFailure);
            }
        }
    }
}
