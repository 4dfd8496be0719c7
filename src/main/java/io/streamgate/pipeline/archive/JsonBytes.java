package io.streamgate.pipeline.archive;

import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON text as UTF-8 bytes, in a buffer flushed to a stream: the values Spark's JSON writer
 * ({@code JacksonGenerator} over a UTF-8 {@code Writer}) writes, made as it makes them. Strings are escaped
 * with Jackson's own table and string encoder, as its generator escapes them by default: a quote, a
 * backslash and {@code \b \t \n \f \r} after a backslash, other control characters in hex, nothing
 * else. ASCII text is copied from its bytes; any other goes
 * through Java's string and UTF-8 encoder, as Spark's does, so bytes that are not UTF-8 become what they
 * become there. Numbers are Java's own text ({@code Long.toString}, {@code Double.toString}); a double or
 * float that is not finite is a quoted string ({@code "NaN"}), as Jackson quotes it.
 */
final class JsonBytes {

    /** Jackson's own escapes for each ASCII character, as its generator uses them: 0 none, a letter after a backslash, or -1 in hex. */
    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();
    private static final byte[] HEX = CharTypes.copyHexBytes(true);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final OutputStream stream;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;

    JsonBytes(OutputStream stream) {
        this.stream = stream;
    }

    void nullValue() throws IOException {
        raw(NULL);
    }

    void bool(boolean value) throws IOException {
        raw(value ? TRUE : FALSE);
    }

    void raw(int b) throws IOException {
        room(1);
        buffer[position++] = (byte) b;
    }

    void raw(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length) {
            flush();
            stream.write(bytes);
            return;
        }
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    void flush() throws IOException {
        stream.write(buffer, 0, position);
        position = 0;
    }

    void ascii(String text) throws IOException {
        int length = text.length();
        room(length);
        text.getBytes(0, length, buffer, position); // ASCII alone: digits, signs, '.', 'E'
        position += length;
    }

    void number(String text, boolean finite) throws IOException {
        if (!finite) {
            raw('"');
        }
        ascii(text);
        if (!finite) {
            raw('"');
        }
    }

    /**
     * The string quoted and escaped: ASCII straight from its bytes into the buffer; any other text, or
     * text that could outgrow the buffer once escaped, through Java's string and encoder, as Spark's.
     */
    void string(UTF8String text) throws IOException {
        Object base = text.getBaseObject();
        long offset = text.getBaseOffset();
        int length = text.numBytes();
        int most = length * 6 + 2;
        if (most > buffer.length) {
            raw(quoted(text.toString()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        room(most);
        int start = position;
        buffer[position++] = '"';
        for (int i = 0; i < length; i++) {
            byte b = Platform.getByte(base, offset + i);
            if (b < 0) {
                position = start;
                raw(quoted(text.toString()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            escaped(b);
        }
        buffer[position++] = '"';
    }

    private void escaped(byte b) {
        int escape = ESCAPES[b];
        if (escape == 0) {
            buffer[position++] = b;
        } else if (escape > 0) {
            buffer[position++] = '\\';
            buffer[position++] = (byte) escape;
        } else {
            buffer[position++] = '\\';
            buffer[position++] = 'u';
            buffer[position++] = '0';
            buffer[position++] = '0';
            buffer[position++] = HEX[b >> 4];
            buffer[position++] = HEX[b & 0xF];
        }
    }

    void array(ArrayData array, JsonValues.Value element) throws IOException {
        raw('[');
        for (int i = 0; i < array.numElements(); i++) {
            if (i > 0) {
                raw(',');
            }
            value(array, i, element);
        }
        raw(']');
    }

    void map(MapData map, JsonValues.Value value) throws IOException {
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        raw('{');
        for (int i = 0; i < map.numElements(); i++) {
            if (i > 0) {
                raw(',');
            }
            string(keys.getUTF8String(i));
            raw(':');
            value(values, i, value);
        }
        raw('}');
    }

    /** The value at that ordinal by its writer, or {@code null}. */
    void value(SpecializedGetters data, int ordinal, JsonValues.Value writer) throws IOException {
        if (data.isNullAt(ordinal)) {
            nullValue();
        } else {
            writer.write(data, ordinal, this);
        }
    }

    /** Java text quoted and escaped as Jackson does, for names and for text beyond ASCII. */
    static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Room for that many bytes more, at most the buffer's size: flushed first when they would not fit. */
    private void room(int bytes) throws IOException {
        if (position + bytes > buffer.length) {
            flush();
        }
    }
}
