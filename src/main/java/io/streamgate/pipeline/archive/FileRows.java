package io.streamgate.pipeline.archive;

import org.apache.spark.sql.catalyst.ProjectingInternalRow;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a batch's stamped row becomes a row of an archive file, in the tasks: the file's columns in the
 * layout's order, given to the format's writer as {@link #schema()} says.
 */
sealed interface FileRows extends Serializable {

    /** The file's columns as the format's writer is given them. */
    StructType schema();

    /** A row that shows each stamped row it is given ({@code project}) as the file's; one per task. */
    ProjectingInternalRow newRow();

    /** The columns named, out of the batch's stamped rows, as they are. */
    static Projected of(StructType stamped, List<String> columns) {
        StructType schema = new StructType();
        List<Integer> ordinals = new ArrayList<>();
        for (String column : columns) {
            ordinals.add(stamped.fieldIndex(column));
            schema = schema.add(stamped.apply(column));
        }
        return new Projected(schema, List.copyOf(ordinals));
    }

    private static scala.collection.immutable.IndexedSeq<Object> seq(List<Integer> ordinals) {
        return CollectionConverters.asScala(ordinals.stream().<Object>map(i -> i).toList()).toIndexedSeq();
    }

    /** The columns as they are: Parquet's. */
    record Projected(StructType schema, List<Integer> ordinals) implements FileRows {

        @Override
        public ProjectingInternalRow newRow() {
            return new ProjectingInternalRow(schema, seq(ordinals));
        }

        /** The same columns, their timestamps given to a JSON writer of these options as its own text. */
        TimestampsAsText timestampsAsText(JSONOptions options) {
            StructField[] fields = schema.fields().clone();
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].dataType().equals(DataTypes.TimestampType)) {
                    fields[i] = new StructField(fields[i].name(), DataTypes.StringType, fields[i].nullable(), fields[i].metadata());
                }
            }
            return new TimestampsAsText(new StructType(fields), ordinals, schema, options);
        }
    }

    /**
     * JSON's: each top-level timestamp as the text Spark's JSON writer would write for it
     * ({@link TimestampText}), so that the writer writes the same file without formatting each one.
     *
     * @param typed the file's columns with their own types
     */
    record TimestampsAsText(StructType schema, List<Integer> ordinals, StructType typed, JSONOptions options)
            implements FileRows {

        @Override
        public ProjectingInternalRow newRow() {
            TimestampText[] texts = new TimestampText[typed.length()];
            for (int i = 0; i < texts.length; i++) {
                if (typed.fields()[i].dataType().equals(DataTypes.TimestampType)) {
                    texts[i] = new TimestampText(options);
                }
            }
            return new TextRow(schema, seq(ordinals), texts);
        }
    }

    /** The projected row, with a text for each column that has a {@link TimestampText}. */
    final class TextRow extends ProjectingInternalRow {

        private final TimestampText[] texts;

        TextRow(StructType schema, scala.collection.immutable.IndexedSeq<Object> ordinals, TimestampText[] texts) {
            super(schema, ordinals);
            this.texts = texts;
        }

        @Override
        public UTF8String getUTF8String(int ordinal) {
            TimestampText text = texts[ordinal];
            return text == null ? super.getUTF8String(ordinal) : text.of(super.getLong(ordinal));
        }

        @Override
        public Object get(int ordinal, DataType type) {
            return texts[ordinal] == null ? super.get(ordinal, type) : getUTF8String(ordinal);
        }
    }
}
