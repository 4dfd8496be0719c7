package io.streamgate.pipeline;

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

/**
 * Delivers each micro-batch of a user query, on the driver: to the output topic when there is one (the
 * batch is committed only once Kafka has it), then to the query's bounded results. A batch Spark runs
 * again after a failure is sent to the topic again (at least once, as Spark's Kafka sink does), but its
 * rows are not added to the results twice.
 */
final class SqlBatchSinks implements VoidFunction2<Dataset<Row>, Long> {

    private final ResultTable results;
    private final Optional<String> outputTopic;
    private final String bootstrapServers;
    private final Optional<List<String>> groupKeys;
    private final OutputMode outputMode;
    private long lastBatchId = -1;

    SqlBatchSinks(ResultTable results, Optional<String> outputTopic, String bootstrapServers,
                  Optional<List<String>> groupKeys, OutputMode outputMode) {
        this.results = results;
        this.outputTopic = outputTopic;
        this.bootstrapServers = bootstrapServers;
        this.groupKeys = groupKeys;
        this.outputMode = outputMode;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        Dataset<Row> keyed = SqlOutput.keyed(batch, groupKeys);
        boolean toTopic = outputTopic.isPresent();
        if (toTopic) {
            keyed.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            if (toTopic) {
                keyed.write().format("kafka")
                        .option(StreamingPipeline.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers)
                        .option("topic", outputTopic.get())
                        .save();
            }
            boolean replaceAll = outputMode == OutputMode.COMPLETE;
            if (batchId <= lastBatchId && !replaceAll && groupKeys.isEmpty()) {
                return; // rows of a batch run again are in the results already
            }
            List<Row> shown = keyed.limit(results.capacity()).collectAsList();
            results.write(entries(shown), replaceAll);
            lastBatchId = batchId;
        } finally {
            if (toTopic) {
                keyed.unpersist();
            }
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
