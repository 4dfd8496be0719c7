package io.streamgate.pipeline;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * A user query's rows as they leave Spark: {@code key}, the group's key columns as JSON (null for rows
 * that are not groups), and {@code value}, the whole row as a JSON object with every column, nulls
 * included. The same two columns go to the results and, as the record's key and value, to the output topic.
 */
final class SqlOutput {

    static final String KEY = "key";
    static final String VALUE = "value";
    private static final Map<String, String> KEEP_NULLS = Map.of("ignoreNullFields", "false");

    private SqlOutput() {
    }

    /** A producer of result rows to an output topic: acknowledged by every in-sync replica, sent at once. */
    static Producer<String, String> newProducer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    static Dataset<Row> keyed(Dataset<Row> rows, Optional<List<String>> groupKeys) {
        Column all = struct(List.of(rows.columns()).stream().map(name -> col("`" + name + "`")).toArray(Column[]::new));
        Column key = groupKeys.isPresent()
                ? to_json(struct(groupKeys.get().stream().map(name -> col("`" + name + "`")).toArray(Column[]::new)), KEEP_NULLS)
                : lit(null).cast("string");
        return rows.select(key.as(KEY), to_json(all, KEEP_NULLS).as(VALUE));
    }
}
