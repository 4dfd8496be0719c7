package io.streamgate.pipeline;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.Serializable;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

/**
 * Sends the rows that failed validation to the dead-letter topic with Spark's Kafka sink, keeping
 * key and value as they arrived and saying why, and where from, in headers.
 */
record DeadLetters(String bootstrapServers, String topic) implements Serializable {

    public static final String REASON_HEADER = "streamgate.validation.error";
    public static final String ORIGIN_TOPIC_HEADER = "streamgate.origin.topic";
    public static final String ORIGIN_PARTITION_HEADER = "streamgate.origin.partition";
    public static final String ORIGIN_OFFSET_HEADER = "streamgate.origin.offset";

    void send(Dataset<Row> batch) {
        batch.filter(not(col("valid")))
                .select(col("key"), col("value"), array(
                        header(REASON_HEADER, col("validation_error")),
                        header(ORIGIN_TOPIC_HEADER, col("topic")),
                        header(ORIGIN_PARTITION_HEADER, col("partition")),
                        header(ORIGIN_OFFSET_HEADER, col("offset"))).as("headers"))
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("kafka.acks", "all")
                .option("topic", topic)
                .save();
    }

    private static Column header(String name, Column value) {
        return struct(lit(name).as("key"), value.cast("string").cast("binary").as("value"));
    }
}
