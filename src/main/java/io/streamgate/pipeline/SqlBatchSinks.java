package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Delivers each micro-batch of a user query, on the driver: to the output topic when there is one (the
 * batch is committed only once Kafka has it), and to the query's bounded results. A batch no larger
 * than the results is one Spark job: its rows come to the driver for the results, and are sent to the
 * topic from there; a larger one (a backlog) is written to the topic from Spark's tasks, from the cache.
 * A batch Spark runs again after a failure is sent to the topic again (at least once, as Spark's Kafka
 * sink is), but its rows are not added to the results twice.
 */
final class SqlBatchSinks implements VoidFunction2<Dataset<Row>, Long> {

    /** Longer than any wait Kafka's producer makes by itself ({@code delivery.timeout.ms}, 2 min). */
    private static final long SEND_TIMEOUT_SECONDS = 150;

    private final ResultTable results;
    private final Optional<String> outputTopic;
    private final String bootstrapServers;
    private final Optional<List<String>> groupKeys;
    private final OutputMode outputMode;
    private final Supplier<Producer<String, String>> driverProducer;
    private long lastBatchId = -1;

    SqlBatchSinks(ResultTable results, Optional<String> outputTopic, String bootstrapServers,
                  Optional<List<String>> groupKeys, OutputMode outputMode, Supplier<Producer<String, String>> driverProducer) {
        this.driverProducer = driverProducer;
        this.results = results;
        this.outputTopic = outputTopic;
        this.bootstrapServers = bootstrapServers;
        this.groupKeys = groupKeys;
        this.outputMode = outputMode;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        Dataset<Row> keyed = SqlOutput.keyed(batch, groupKeys);
        boolean toTopic = outputTopic.isPresent();
        if (toTopic) {
            keyed.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            List<Row> head = keyed.limit(results.capacity() + 1).collectAsList();
            boolean whole = head.size() <= results.capacity();
            if (toTopic && whole) {
                sendFromDriver(head);
            } else if (toTopic) {
                keyed.write().format("kafka")
                        .option(StreamingPipeline.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers)
                        .option("topic", outputTopic.get())
                        .save();
            }
            boolean replaceAll = outputMode == OutputMode.COMPLETE;
            if (batchId <= lastBatchId && !replaceAll && groupKeys.isEmpty()) {
                return; // rows of a batch run again are in the results already
            }
            results.write(entries(whole ? head : head.subList(0, results.capacity())), replaceAll);
            lastBatchId = batchId;
        } finally {
            if (toTopic) {
                keyed.unpersist();
            }
        }
    }

    /** Sends every row and waits for Kafka's acknowledgements: the batch is committed only after them. */
    private void sendFromDriver(List<Row> rows) throws Exception {
        Producer<String, String> producer = driverProducer.get();
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sent.add(producer.send(new ProducerRecord<>(outputTopic.get(), row.getString(0), row.getString(1))));
        }
        for (Future<RecordMetadata> acknowledgement : sent) {
            acknowledgement.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    static List<Map.Entry<String, JsonNode>> entries(List<Row> keyed) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(keyed.size());
        for (Row row : keyed) {
            entries.add(entry(row.getString(0), row.getString(1)));
        }
        return entries;
    }

    static Map.Entry<String, JsonNode> entry(String key, String json) {
        return new AbstractMap.SimpleImmutableEntry<>(key, JsonMapper.shared().readTree(json));
    }
}
