package io.streamgate.pipeline.results;


/**
 * One row of a query's results: a record the built-in select processed, or a row of a user's SQL as
 * JSON. What a table does with a row (keep it once, index it by key, update its group in place)
 * follows from what the row says of itself here.
 */
public interface ResultRow {

    /** The Kafka record the row is, for rows that are records: one processed again is kept once. Null otherwise. */
    default Origin origin() {
        return null;
    }

    /** The Kafka record's key, for rows that are records; null otherwise, or for a record without one. */
    default String recordKey() {
        return null;
    }

    /** Which group of an aggregation the row is, as JSON of the group's key columns; null for rows that are not groups. */
    default String groupKey() {
        return null;
    }

    /** Where a Kafka record was: a row's identity across replays. */
    record Origin(String topic, int partition, long offset) {
    }
}
