package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.results.JsonRow;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.sql.SparkRefusals;
import io.streamgate.pipeline.sql.SqlGuard;
import io.streamgate.pipeline.sql.Views;
import io.streamgate.pipeline.storage.Storage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * SQL over the archive: checked by the same guard as users' queries, reading the {@code archive} view
 * only ({@link ArchiveView}), and run as Spark batch jobs in a job of its own ({@link ArchiveJob}).
 */
@Component
public class ArchiveReader {

    private final SparkConnection spark;
    private final Storage storage;
    private final PipelineProperties settings;
    private final CancelledJobGroups cancelled = new CancelledJobGroups();

    ArchiveReader(SparkConnection spark, Storage storage, PipelineProperties settings) {
        this.spark = spark;
        this.storage = storage;
        this.settings = settings;
        spark.onSession(session -> cancelled.listenTo(session.sparkContext()));
    }

    /**
     * @throws io.streamgate.pipeline.definition.InvalidQueryException when the guard or Spark refuses the SQL
     * @throws io.streamgate.pipeline.spark.SparkUnavailableException  when there is no SparkSession
     */
    public ArchiveRows check(String sql) {
        SparkSession session = spark.session();
        return SparkRefusals.analyzing(() -> {
            SqlGuard.CheckedBatch checked = SqlGuard.checkBatch(session, views(session), sql, settings.sqlLimits());
            Dataset<Row> rows = DayPruning.apply(checked.rows());
            return new ArchiveRows(checked.columns(), rows.select(JsonRow.of(rows)).as(Encoders.STRING()));
        });
    }

    /** A job for one query's Spark work, cancellable from any thread. */
    public ArchiveJob job(String description) {
        return new ArchiveJob(spark.session().sparkContext(), cancelled, description);
    }

    private Views views(SparkSession session) {
        return new Views() {
            @Override
            public Set<String> names() {
                return Set.of(Columns.ARCHIVE_VIEW);
            }

            @Override
            public Dataset<Row> view(String name) {
                return ArchiveView.of(session, storage, Storage.location(settings.archive().path()),
                        RecordSchema.parse(settings.schema()), settings.archive().format());
            }
        };
    }
}
