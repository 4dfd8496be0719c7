package io.streamgate.pipeline.sink;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One task's share of a batch read once: each of its rows sent to the query's topics, its first
 * {@code keep} rows returned to the driver. It reads its partition to the end, which is what commits a
 * stateful query's state store for that partition (Spark fails a batch whose stores were left open),
 * and returns only once Kafka has every record, so that a batch not delivered fails instead of being
 * committed.
 */
final class EveryRowPass implements FlatMapFunction<Iterator<Row>, List<Row>> {

    private final List<TopicSink> topics;
    private final Map<String, Object> producerConfig;
    private final int keep;

    /** @param producerConfig of the producer the task sends with, shared in its JVM ({@link TaskProducers}) */
    EveryRowPass(List<TopicSink> topics, Map<String, Object> producerConfig, int keep) {
        this.topics = List.copyOf(topics);
        this.producerConfig = Map.copyOf(producerConfig);
        this.keep = keep;
    }

    @Override
    public Iterator<List<Row>> call(Iterator<Row> rows) {
        List<Row> kept = new ArrayList<>();
        Outbox outbox = new Outbox(() -> TaskProducers.of(producerConfig));
        while (rows.hasNext()) {
            Row row = rows.next();
            if (kept.size() < keep) {
                kept.add(row);
            }
            outbox.send(topics, row);
        }
        outbox.awaitDelivered();
        return List.<List<Row>>of(kept).iterator();
    }
}
