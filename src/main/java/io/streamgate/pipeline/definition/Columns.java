package io.streamgate.pipeline.definition;

import java.util.List;

/**
 * The names of the columns a query's rows carry, from the Kafka source through the transform to the
 * sinks (as Spark's Kafka connector names its own, e.g. {@code KafkaWriter.KEY_ATTRIBUTE_NAME}).
 */
public final class Columns {

    // As Spark's Kafka source gives them.
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String TIMESTAMP = "timestamp";
    public static final String HEADERS = "headers";

    // Added by the transform.
    /** The value's fields parsed against the schema, a struct. */
    public static final String FIELDS = "fields";
    public static final String VALID = "valid";
    public static final String VALIDATION_ERROR = "validation_error";

    /** The view a user's SQL reads. */
    public static final String EVENTS_VIEW = "events";
    /** The view an archive query reads: every generation of the archive. */
    public static final String ARCHIVE_VIEW = "archive";

    /** The columns of the {@code events} view that come before the schema's fields. */
    public static final List<String> EVENTS = List.of(KEY, VALUE, TOPIC, PARTITION, OFFSET,
            TIMESTAMP, HEADERS, VALID, VALIDATION_ERROR);

    /** A table's key column carries this in its metadata, with the table's name: a join's equality is found by it. */
    public static final String TABLE_KEY_METADATA = "streamgate.tableKey";

    /** Added where the rows are delivered: the driver for a micro-batch, the writer in real-time mode. */
    public static final String PROCESSED_AT = "processed_at";

    // Added by the archive: the batch that wrote a row, the generation folder it is in, the record's day (UTC).
    public static final String BATCH_ID = "batch_id";
    public static final String GENERATION = "generation";
    public static final String DATE = "date";

    private Columns() {
    }
}
