package io.streamgate.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSink;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.net.URI;
import java.util.List;

/**
 * The archive written by the main query, in each micro-batch, from the rows it has already read,
 * parsed and cached ({@code archive.writer=main-query}). It is Spark's own file sink, the one
 * {@code writeStream.format("json")} runs, committing each batch's files to its {@code _spark_metadata}
 * log under the main query's batch id: a batch replayed after a failure finds its id committed and
 * writes nothing, as in the archive query's log. {@code FileStreamSink} is internal to Spark (no public
 * API commits a batch to that log); {@code BatchSinksTest} checks the replay on each Spark upgrade.
 */
final class MainQueryArchive {

    private final URI path;
    private final String format;
    private FileStreamSink sink; // the driver's foreachBatch thread only; made at the first batch

    MainQueryArchive(URI path, String format) {
        this.path = path;
        this.format = format;
    }

    void write(Dataset<Row> batch, long batchId) {
        if (sink == null) {
            Seq<String> noPartitionColumns = CollectionConverters.asScala(List.<String>of()).toSeq();
            sink = new FileStreamSink(batch.sparkSession(), path.toString(), fileFormat(), noPartitionColumns,
                    Map$.MODULE$.<String, String>empty());
        }
        sink.addBatch(batchId, batch);
    }

    private FileFormat fileFormat() {
        return switch (format) {
            case "json" -> new JsonFileFormat();
            case "parquet" -> new ParquetFileFormat();
            default -> throw new IllegalArgumentException("Unknown archive format " + format);
        };
    }
}
