package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.plan.ArchiveLog;
import io.streamgate.pipeline.plan.ArchivePlan;
import io.streamgate.pipeline.storage.Storage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.streamgate.pipeline.definition.Columns.BATCH_ID;
import static io.streamgate.pipeline.definition.Columns.DATE;
import static io.streamgate.pipeline.definition.Columns.FIELDS;
import static io.streamgate.pipeline.definition.Columns.HEADERS;
import static io.streamgate.pipeline.definition.Columns.KEY;
import static io.streamgate.pipeline.definition.Columns.OFFSET;
import static io.streamgate.pipeline.definition.Columns.PARTITION;
import static io.streamgate.pipeline.definition.Columns.PROCESSED_AT;
import static io.streamgate.pipeline.definition.Columns.TIMESTAMP;
import static io.streamgate.pipeline.definition.Columns.TOPIC;
import static io.streamgate.pipeline.definition.Columns.VALID;
import static io.streamgate.pipeline.definition.Columns.VALIDATION_ERROR;
import static io.streamgate.pipeline.definition.Columns.VALUE;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.unix_micros;

/**
 * How the archive's rows are laid out in a generation folder, written and read back: the columns of
 * each file, the folders by the record's day, and the marker file that says which layout a generation
 * has. The writer ({@link ArchiveWriter}) and the reader ({@link ArchiveView}) take both from here.
 */
public final class ArchiveLayout {

    /** In each generation of layout 2 or later: {@code {"layout": 2, "format": "json"}}. Spark skips files named {@code _…}. */
    public static final String MARKER = "_streamgate.json";

    /** The columns of each file, in order; {@code date} is the folder, not a column of the file. */
    public static final List<String> COLUMNS = List.of(KEY, VALUE, TOPIC, PARTITION, OFFSET, TIMESTAMP, HEADERS,
            VALID, VALIDATION_ERROR, FIELDS, PROCESSED_AT, BATCH_ID);

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final Pattern MARKER_TEXT = Pattern.compile("\"layout\"\\s*:\\s*(\\d+)\\s*,\\s*\"format\"\\s*:\\s*\"(\\w+)\"");

    private ArchiveLayout() {
    }

    /** The record's day in UTC whatever the session's time zone: whole days of its microseconds since the epoch. */
    public static Column day(Column timestamp) {
        return date_from_unix_date(floor(unix_micros(timestamp).divide(MICROS_PER_DAY)).cast(DataTypes.IntegerType));
    }

    /** The same day as {@link #day(Column)}, of a timestamp in Spark's microseconds since the epoch. */
    static int day(long timestampMicros) {
        return (int) Math.floorDiv(timestampMicros, MICROS_PER_DAY);
    }

    /** What a file of layout {@link ArchiveLog#LAYOUT} holds, with the schema's fields as a struct, and its day folder. */
    static StructType schema(RecordSchema schema) {
        return new StructType()
                .add(KEY, DataTypes.StringType)
                .add(VALUE, DataTypes.StringType)
                .add(TOPIC, DataTypes.StringType)
                .add(PARTITION, DataTypes.IntegerType)
                .add(OFFSET, DataTypes.LongType)
                .add(TIMESTAMP, DataTypes.TimestampType)
                .add(HEADERS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .add(VALID, DataTypes.BooleanType)
                .add(VALIDATION_ERROR, DataTypes.StringType)
                .add(FIELDS, schema.stored())
                .add(PROCESSED_AT, DataTypes.TimestampType)
                .add(BATCH_ID, DataTypes.LongType)
                .add(DATE, DataTypes.DateType);
    }

    /** What a file of layout 1 holds: the fields as JSON text; no headers, batch id or day folders. */
    static StructType firstLayout() {
        return new StructType()
                .add(KEY, DataTypes.StringType)
                .add(VALUE, DataTypes.StringType)
                .add(TOPIC, DataTypes.StringType)
                .add(PARTITION, DataTypes.IntegerType)
                .add(OFFSET, DataTypes.LongType)
                .add(TIMESTAMP, DataTypes.TimestampType)
                .add(FIELDS, DataTypes.StringType)
                .add(VALID, DataTypes.BooleanType)
                .add(VALIDATION_ERROR, DataTypes.StringType)
                .add(PROCESSED_AT, DataTypes.TimestampType);
    }

    /** Marks a generation that is about to be written with its layout and format, once. */
    public static void mark(Storage storage, ArchivePlan.Written archive) {
        java.net.URI marker = Storage.child(archive.path(), MARKER);
        if (archive.log().current() && !storage.exists(marker)) {
            storage.write(marker, "{\"layout\": " + archive.log().layout() + ", \"format\": \"" + archive.format() + "\"}\n");
        }
    }

    /** A generation's layout and format, from its marker; none for a generation of layout 1, which has no marker. */
    static Optional<Generation> marked(Storage storage, java.net.URI generation) {
        return storage.read(Storage.child(generation, MARKER)).map(text -> {
            Matcher matcher = MARKER_TEXT.matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException("Unreadable " + MARKER + " in " + generation + ": " + text);
            }
            return new Generation(Integer.parseInt(matcher.group(1)), matcher.group(2));
        });
    }

    record Generation(int layout, String format) {
    }
}
