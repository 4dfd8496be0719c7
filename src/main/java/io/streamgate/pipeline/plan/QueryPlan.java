package io.streamgate.pipeline.plan;

import io.streamgate.pipeline.definition.QueryDefinition;

import java.net.URI;
import java.util.Optional;

/**
 * What Spark will run for one start of a query, derived once from its definition, the settings and
 * what its checkpoint has done so far ({@link QueryPlanner}): the engine, the archive, where each
 * query checkpoints. The pipeline, the status and the metrics switch on it.
 *
 * @param fromScratch true to drop the checkpoints first and begin at the definition's starting offsets
 * @param checkpoint  the main query's checkpoint
 * @param coresHeld   the cores its tasks hold for as long as it runs: in real-time mode one per topic
 *                    partition (and one for an archive query); 0 for micro-batches, which share them
 */
public record QueryPlan(String name, QueryDefinition definition, boolean fromScratch, Engine engine,
                        ArchivePlan archive, URI checkpoint, int coresHeld) {

    /** Spark's name of the query that writes the archive, when it is a query of its own. */
    public String archiveQueryName() {
        return name + "-archive";
    }

    /** What the checkpoint's store should remember of the archive after this start. */
    public Optional<ArchiveLog> archiveLog() {
        return archive instanceof ArchivePlan.Written written ? Optional.of(written.log()) : Optional.empty();
    }
}
