package io.streamgate.queries.store;

import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.plan.ArchiveLog;
import io.streamgate.pipeline.plan.QueryPlan;

import java.util.Optional;

/**
 * What the store holds of a query: its definition (the default query has none before its first start;
 * a user query has one from when it is created, with what its SQL was analyzed to), whether it should
 * be running (written at a start, cleared by an explicit stop, left by a shutdown, so that the next
 * start of the app resumes it), and its archive's log.
 */
public record SavedQuery(Optional<QueryDefinition> definition, boolean running, Optional<ArchiveLog> archive,
                         Optional<SqlAnalysis> analysis) {

    public static final SavedQuery NEW = new SavedQuery(Optional.empty(), false, Optional.empty(), Optional.empty());

    /** Started with this plan: its archive's log, or, with the archive off, the log it goes on with later. */
    public SavedQuery started(QueryPlan plan) {
        Optional<ArchiveLog> log = plan.fromScratch() ? plan.archiveLog() : plan.archiveLog().or(() -> archive);
        return new SavedQuery(Optional.of(plan.definition()), true, log, analysis);
    }

    public SavedQuery stopped() {
        return new SavedQuery(definition, false, archive, analysis);
    }

    /** A user query created or replaced, never started with this definition. */
    public static SavedQuery defined(QueryDefinition definition, SqlAnalysis analysis) {
        return new SavedQuery(Optional.of(definition), false, Optional.empty(), Optional.of(analysis));
    }
}
