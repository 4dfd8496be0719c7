package io.streamgate.pipeline.archive;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.CodecStreams;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The archive's JSON files, their lines made by {@link JsonBytes}: byte for byte what Spark's JSON writer
 * makes of the same rows with the archive's options ({@code ArchiveJsonFilesTest} compares them), for a
 * fraction of its CPU. Spark's writer ({@code JacksonGenerator} through a {@code Writer} and its UTF-8
 * encoder) was the service's largest cost in a drain after Spark's own parsing (docs/benchmark.md). The
 * files are opened, named and compressed as Spark's writer does; a file whose columns hold a type
 * {@link JsonValues} does not take (a record's decimal, date or binary field) is left to Spark's writer.
 */
final class ArchiveJsonFiles extends OutputWriterFactory {

    private final OutputWriterFactory spark;

    private ArchiveJsonFiles(OutputWriterFactory spark) {
        this.spark = spark;
    }

    /** These files for rows of {@code written}, when {@link JsonValues} takes all its columns; Spark's writer otherwise. */
    static OutputWriterFactory over(OutputWriterFactory spark, StructType written) {
        return JsonValues.Fields.of(written) == null ? spark : new ArchiveJsonFiles(spark);
    }

    @Override
    public String getFileExtension(TaskAttemptContext context) {
        return spark.getFileExtension(context);
    }

    @Override
    public OutputWriter newInstance(String path, StructType schema, TaskAttemptContext context) {
        return new Lines(path, JsonValues.Fields.of(schema), CodecStreams.createOutputStream(context, new Path(path)));
    }

    /** One file: a line for each row, {@code \n} after each, as Spark's JSON writer ends its lines. */
    private static final class Lines extends OutputWriter {

        private final String path;
        private final JsonValues.Fields fields;
        private final OutputStream stream;
        private final JsonBytes out;

        Lines(String path, JsonValues.Fields fields, OutputStream stream) {
            this.path = path;
            this.fields = fields;
            this.stream = stream;
            this.out = new JsonBytes(stream);
        }

        @Override
        public void write(InternalRow row) {
            try {
                fields.write(row, out);
                out.raw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try (stream) {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String path() {
            return path;
        }
    }
}
