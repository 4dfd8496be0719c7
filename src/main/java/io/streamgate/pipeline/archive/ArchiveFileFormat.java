package io.streamgate.pipeline.archive;

import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Map$;

/** How the archive's files are written in each format it takes ({@code streamgate.pipeline.archive.format}). */
enum ArchiveFileFormat {

    /**
     * Spark's JSON lines ({@link #JSON_OPTIONS}), the timestamps handed to the writer as its own text
     * ({@link ArchiveFileRow}), the lines made by {@link ArchiveJsonFiles}.
     */
    JSON {
        @Override
        StructType written(StructType file) {
            return ArchiveFileRow.timestampsAsText(file);
        }

        @Override
        TimestampFormatter timestampsAsText(SQLConf conf) {
            return ArchiveFileRow.jsonTimestamps(JSON_OPTIONS, conf);
        }

        @Override
        OutputWriterFactory writers(SparkSession session, Job job, StructType written) {
            return ArchiveJsonFiles.over(new JsonFileFormat().prepareWrite(session, job, JSON_OPTIONS, written), written);
        }
    },

    /** Spark's Parquet files, the timestamps as they are. */
    PARQUET {
        @Override
        OutputWriterFactory writers(SparkSession session, Job job, StructType written) {
            return new ParquetFileFormat().prepareWrite(session, job, Map$.MODULE$.<String, String>empty(), written);
        }
    };

    /** Null columns written out, not left out: every row of every file has the same columns, for any reader. */
    static final scala.collection.immutable.Map<String, String> JSON_OPTIONS =
            Map$.MODULE$.<String, String>empty().updated("ignoreNullFields", "false");

    static ArchiveFileFormat named(String format) {
        return switch (format) {
            case "json" -> JSON;
            case "parquet" -> PARQUET;
            default -> throw new IllegalArgumentException("Unknown archive format " + format);
        };
    }

    /** The file's columns as the format's writer is given them. */
    StructType written(StructType file) {
        return file;
    }

    /** The writer's formatter of the timestamps {@link #written} gives it as text; null when it gives none. */
    TimestampFormatter timestampsAsText(SQLConf conf) {
        return null;
    }

    /** The writers of the files' rows, prepared on the job as Spark's file sink prepares them. */
    abstract OutputWriterFactory writers(SparkSession session, Job job, StructType written);
}
