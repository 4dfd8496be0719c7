package io.streamgate.pipeline.archive;

import org.apache.spark.sql.catalyst.ProjectingInternalRow;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.util.LegacyDateFormats$;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.catalyst.util.TimestampFormatter$;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;

/**
 * A row of an archive file, projected from a batch's stamped row, as the format's writer takes it. The
 * JSON writer is handed each timestamp as the text it would make of it ({@link #jsonTimestamps}: the
 * same formatter, so the same bytes), made once for each value rather than once for each row: a batch's
 * rows share their {@code processed_at} and a backlog's records their millisecond, and formatting
 * timestamps took almost a third of the JSON writer's time in the drain's profile (docs/benchmark.md).
 */
final class ArchiveFileRow extends ProjectingInternalRow {

    private final TimestampFormatter timestamps;
    private final boolean[] asText;
    private final long[] lastMicros;
    private final UTF8String[] lastText;

    /**
     * @param file       the file's columns as the archive's layout has them
     * @param written    the file's columns as the writer is given them
     * @param columns    the ordinals, in the stamped rows, of the file's columns in order
     * @param timestamps the writer's formatter of the columns that are timestamps in {@code file} and text in
     *                   {@code written}; null when there are none
     */
    ArchiveFileRow(StructType file, StructType written, List<Integer> columns, TimestampFormatter timestamps) {
        super(written, CollectionConverters.asScala(columns.stream().<Object>map(i -> i).toList()).toIndexedSeq());
        this.timestamps = timestamps;
        this.asText = new boolean[written.length()];
        for (int i = 0; i < asText.length; i++) {
            asText[i] = file.fields()[i].dataType() == DataTypes.TimestampType && written.fields()[i].dataType() == DataTypes.StringType;
        }
        this.lastMicros = new long[asText.length];
        this.lastText = new UTF8String[asText.length];
    }

    @Override
    public UTF8String getUTF8String(int ordinal) {
        if (!asText[ordinal]) {
            return super.getUTF8String(ordinal);
        }
        long micros = super.getLong(ordinal);
        if (lastText[ordinal] == null || lastMicros[ordinal] != micros) {
            lastText[ordinal] = UTF8String.fromString(timestamps.format(micros));
            lastMicros[ordinal] = micros;
        }
        return lastText[ordinal];
    }

    /** The file's columns with its timestamps as text, for the JSON writer. */
    static StructType timestampsAsText(StructType file) {
        StructType written = new StructType();
        for (StructField field : file.fields()) {
            written = written.add(field.dataType() == DataTypes.TimestampType
                    ? new StructField(field.name(), DataTypes.StringType, field.nullable(), field.metadata()) : field);
        }
        return written;
    }

    /** The timestamps' formatter of Spark's JSON writer with these options in this session, as its {@code JacksonGenerator} makes it. */
    static TimestampFormatter jsonTimestamps(scala.collection.immutable.Map<String, String> options, SQLConf conf) {
        JSONOptions json = new JSONOptions(options, conf.sessionLocalTimeZone(), conf.columnNameOfCorruptRecord());
        return TimestampFormatter$.MODULE$.apply(json.timestampFormatInWrite(), json.zoneId(), json.locale(),
                LegacyDateFormats$.MODULE$.FAST_DATE_FORMAT(), false);
    }
}
