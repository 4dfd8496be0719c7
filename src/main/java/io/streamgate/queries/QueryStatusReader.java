package io.streamgate.queries;

import io.streamgate.pipeline.plan.ArchiveLog;
import io.streamgate.pipeline.plan.ArchivePlan;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.flow.RunFlow;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;
import java.util.Optional;

/** A query's status as {@code /queries/status} shows it, read from its run and Spark's own status and progress. */
final class QueryStatusReader {

    private final String name;
    private final JsonMapper json;
    private final long maxStateRows;

    /** @param maxStateRows {@code streamgate.pipeline.max-state-rows} */
    QueryStatusReader(String name, JsonMapper json, long maxStateRows) {
        this.name = name;
        this.json = json;
        this.maxStateRows = maxStateRows;
    }

    /**
     * @param state        the state the query is in, as the API shows it
     * @param stillRunning its stopped run's tasks that did not end, if any
     */
    QueryStatus read(Optional<QueryRun> latest, QueryState state, Restarts.Snapshot restarts,
                     Optional<QueryStatus.StillRunning> stillRunning) {
        if (latest.isEmpty()) {
            // FAILED without a run: held, not resumed, after a crash its batch may have caused
            QueryStatus none = QueryStatus.notStarted(name, restarts, stillRunning.orElse(null));
            return state == QueryState.FAILED ? none.failed(restarts.lastFailure()) : none;
        }
        QueryRun run = latest.get();
        StreamingQuery main = run.main();
        StreamingQueryProgress progress = main.lastProgress();
        var definition = run.plan().definition();
        return new QueryStatus(state, main.id().toString(), main.runId().toString(), main.name(),
                run.startedAt(), run.stoppedAt().orElse(null), definition.startingOffsets(), definition.mode().value(),
                definition.trigger(), definition.schema().ddl(),
                json.readTree(main.status().json()),
                progress == null ? null : json.readTree(progress.json()),
                run.failure().orElse(null),
                restarts,
                archive(run).orElse(null),
                new QueryStatus.StateRows(progress == null ? 0 : RunFlow.stateRows(progress), maxStateRows),
                run.flow().flow(),
                stillRunning.orElse(null));
    }

    /** The archive as the plan writes it: its state and progress are its writer's, the main query's or its own. */
    private static Optional<QueryStatus.Archive> archive(QueryRun run) {
        if (!(run.plan().archive() instanceof ArchivePlan.Written written)) {
            return Optional.empty();
        }
        return run.queries().archiveWriter().map(writer -> {
            StreamingQueryProgress progress = writer.lastProgress();
            QueryState state = writer.exception().isDefined() ? QueryState.FAILED
                    : writer.isActive() ? QueryState.RUNNING : QueryState.STOPPED;
            return new QueryStatus.Archive(state, Storage.sparkPath(written.path()), value(written.log().writer()),
                    progress == null ? null : progress.batchId(), written.note());
        });
    }

    private static String value(ArchiveLog.Writer writer) {
        return writer.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
