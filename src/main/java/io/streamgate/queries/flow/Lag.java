package io.streamgate.queries.flow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How far a query is behind the topics it reads: per partition, the records between the offsets its
 * last batch ended at and the latest Kafka had when Spark planned that batch (Spark's Kafka source
 * reports both in each progress, as {@code endOffset} and {@code latestOffset}), and their total.
 *
 * @param records    the total over every partition
 * @param partitions each partition's, by topic then partition
 */
public record Lag(long records, List<Partition> partitions) {

    public static final Lag NONE = new Lag(0, List.of());

    /**
     * @param offset  where the query's last batch ended (the next record it reads)
     * @param latest  the end of the partition when that batch was planned
     * @param records {@code latest - offset}, never below 0
     */
    public record Partition(String topic, int partition, long offset, long latest, long records) {
    }

    /**
     * From the {@code endOffset} and {@code latestOffset} JSON of each Kafka source of a progress
     * ({"topic": {"0": 42, …}}); a source without them (not Kafka, or before its first batch) adds nothing.
     */
    public static Lag of(List<Offsets> sources) {
        List<Partition> partitions = new ArrayList<>();
        for (Offsets source : sources) {
            JsonNode end = parse(source.endOffset());
            JsonNode latest = parse(source.latestOffset());
            if (end == null || latest == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> topic : end.properties()) {
                for (Map.Entry<String, JsonNode> partition : topic.getValue().properties()) {
                    JsonNode latestOffset = latest.path(topic.getKey()).path(partition.getKey());
                    if (!partition.getValue().isIntegralNumber() || !latestOffset.isIntegralNumber()) {
                        continue;
                    }
                    long offset = partition.getValue().asLong();
                    long last = latestOffset.asLong();
                    partitions.add(new Partition(topic.getKey(), Integer.parseInt(partition.getKey()), offset, last,
                            Math.max(0, last - offset)));
                }
            }
        }
        partitions.sort(Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition));
        return new Lag(partitions.stream().mapToLong(Partition::records).sum(), List.copyOf(partitions));
    }

    /** One source's offsets as Spark's progress gives them: JSON text, or null. */
    public record Offsets(String endOffset, String latestOffset) {
    }

    private static JsonNode parse(String offsets) {
        if (offsets == null || offsets.isBlank()) {
            return null;
        }
        JsonNode node = JsonMapper.shared().readTree(offsets);
        return node.isObject() ? node : null;
    }
}
