package io.streamgate.pipeline.definition;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A topic that users' SQL reads by a name of its own, beside {@code events}: a stream of its records, or
 * a table of the latest valid value per key. Its columns are those of {@code events}; a table's lack
 * {@code valid} and {@code validation_error}, as each of its rows is valid.
 */
public sealed interface Relation {

    /** Lower-case letters, digits and underscores, starting with a letter: a name SQL reads without quotes. */
    Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    String topic();

    RecordSchema schema();

    /** As the API names the kind: {@code stream} or {@code table}. */
    String kind();

    /**
     * @throws InvalidQueryException when the name is not one SQL can read as it is, or is {@code events}
     */
    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidQueryException("A stream's or table's name is lower-case letters, digits and underscores, "
                    + "starting with a letter, at most 63, not '" + name + "'");
        }
        if (name.equals(Columns.EVENTS_VIEW)) {
            throw new InvalidQueryException("'" + Columns.EVENTS_VIEW + "' is the service's own topic, always there");
        }
        return name;
    }

    /**
     * A topic read as it comes, record by record.
     *
     * @param watermark  how late a record may be for the event-time watermark on {@code timestamp}; null: none.
     *                   A query's own watermark replaces it.
     * @param partitions the topic's partitions when the service creates it; null: as the service's topic
     */
    record Stream(String topic, RecordSchema schema, String watermark, Integer partitions) implements Relation {

        public Stream {
            TopicName.require("topic", topic);
            if (watermark != null) {
                Interval.millis("watermark", watermark);
            }
            if (partitions != null && (partitions < 1 || partitions > 1000)) {
                throw new InvalidQueryException("partitions must be between 1 and 1000, not " + partitions);
            }
            columnsFree(schema);
        }

        @Override
        public String kind() {
            return "stream";
        }
    }

    /**
     * A topic read as a table: per Kafka key, the latest record, if it is valid and not a tombstone.
     *
     * @param key the schema's field that holds the record's key: what a join matches on
     */
    record Table(String topic, RecordSchema schema, String key) implements Relation {

        public Table {
            TopicName.require("topic", topic);
            columnsFree(schema);
            if (key == null || Arrays.stream(schema.fields()).noneMatch(field -> field.name().equals(key))) {
                throw new InvalidQueryException("key must name one of the schema's fields, not '" + key + "'");
            }
        }

        @Override
        public String kind() {
            return "table";
        }
    }

    /** The schema's fields become columns beside the record's own, so they must not take their names. */
    private static void columnsFree(RecordSchema schema) {
        if (schema == null) {
            throw new InvalidQueryException("schema is required: a Spark DDL string, e.g. 'id BIGINT NOT NULL, name STRING'");
        }
        schema.fieldNamedLike(Columns.EVENTS).ifPresent(field -> {
            throw new InvalidQueryException("The schema's field '" + field + "' has the name of one of the "
                    + "record's columns " + Columns.EVENTS + "; rename it");
        });
    }
}
