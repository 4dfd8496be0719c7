package io.streamgate.pipeline.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.ExprUtils$;
import org.apache.spark.sql.catalyst.expressions.objects.Invoke;
import org.apache.spark.sql.catalyst.json.CreateJacksonParser$;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.json.JacksonParser;
import org.apache.spark.sql.catalyst.util.FailureSafeParser;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark's {@code from_json} into a struct, with Spark's own parser, options, modes and results, but reading
 * a value that is plain ASCII as bytes, in place. Spark's reads every value through a
 * {@code java.io.InputStreamReader}, which allocates an 8 KiB buffer for each row: 46% of all a drain
 * allocated (docs/benchmark.md, "Where a drain's memory goes"). In ASCII text each byte is its character,
 * so Jackson's byte parser reads what the reader would; any other value (a byte past ASCII, or a NUL,
 * which Jackson's encoding detection could take for UTF-16 or UTF-32) goes through Spark's reader, as
 * before. {@code FromJsonInPlaceTest} checks both against Spark's {@code from_json}, value by value.
 * Built as Spark builds {@code from_json} (an {@link Invoke} of an evaluator), so it runs in the
 * generated code.
 */
public final class FromJsonInPlace implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final StructType schema;
    private final TreeMap<String, String> options;
    private final String timeZoneId;
    private final String corruptRecordColumn;
    private transient FailureSafeParser<UTF8String> parser; // made in the task that uses it, as Spark's is

    private FromJsonInPlace(StructType schema, Map<String, String> options, String timeZoneId, String corruptRecordColumn) {
        this.schema = schema;
        this.options = new TreeMap<>(options);
        this.timeZoneId = timeZoneId;
        this.corruptRecordColumn = corruptRecordColumn;
    }

    /** As {@code functions.from_json(value, schema, options)}, in the session's time zone. */
    static Column fromJson(Column value, StructType schema, Map<String, String> options) {
        SQLConf conf = SQLConf.get();
        StructType nullable = schema.asNullable(); // as from_json's result
        FromJsonInPlace evaluator = new FromJsonInPlace(nullable, options, conf.sessionLocalTimeZone(),
                conf.columnNameOfCorruptRecord());
        return EvaluatorColumn.of(evaluator, nullable, value);
    }

    /** The value's row, or null for a null value; called by the generated code. */
    public InternalRow evaluate(UTF8String json) {
        scala.collection.Iterator<InternalRow> rows = parser().parse(json);
        return rows.hasNext() ? rows.next() : null;
    }

    private FailureSafeParser<UTF8String> parser() {
        if (parser == null) {
            scala.collection.immutable.Map<String, String> scalaOptions = Map$.MODULE$.empty();
            for (Map.Entry<String, String> option : options.entrySet()) {
                scalaOptions = scalaOptions.updated(option.getKey(), option.getValue());
            }
            JSONOptions parsed = new JSONOptions(scalaOptions, timeZoneId, corruptRecordColumn);
            String corrupt = parsed.columnNameOfCorruptRecord();
            ExprUtils$.MODULE$.verifyColumnNameOfCorruptRecord(schema, corrupt);
            StructType read = new StructType(Arrays.stream(schema.fields())
                    .filter(field -> !field.name().equals(corrupt)).toArray(StructField[]::new));
            JacksonParser jackson = new JacksonParser(read, parsed, false, seq(List.<Filter>of()));
            parser = new FailureSafeParser<>(json -> jackson.parse(json, FromJsonInPlace::open, text -> text),
                    parsed.parseMode(), schema, corrupt);
        }
        return parser;
    }

    /** Jackson's byte parser over the value's own bytes when they are plain ASCII, Spark's reader otherwise. */
    private static JsonParser open(JsonFactory factory, UTF8String value) {
        if (value.getBaseObject() instanceof byte[] bytes) {
            int offset = (int) (value.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
            int length = value.numBytes();
            if (plainAscii(bytes, offset, length)) {
                try {
                    return factory.createParser(bytes, offset, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // not thrown for an array: nothing is read yet
                }
            }
        }
        return CreateJacksonParser$.MODULE$.utf8String(factory, value);
    }

    /** Every byte from 1 to 127: characters as they are, none that Jackson's encoding detection reads as UTF-16 or 32. */
    static boolean plainAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] <= 0) { // Java's bytes are signed: past 127 is negative
                return false;
            }
        }
        return true;
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> items) {
        return CollectionConverters.asScala(items).toSeq();
    }

    @Override
    public String toString() {
        return "from_json_in_place";
    }
}
