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
 * @param startingOffsets where Spark begins when the checkpoint has no offsets yet: {@code earliest}, or for
 *                    {@code latest} the topic's end offsets as they were when the plan was made (Spark's
 *                    JSON form), so that a record produced after the start's answer is read, even when
 *                    Spark plans its first batch later
 * @param checkpoint  the main query's checkpoint
 * @param coresHeld   the cores its real-time tasks hold for as long as it runs, one per topic partition;
 *                    0 for micro-batches (an archive query's among them), which share the others
 */
public record QueryPlan(String name, QueryDefinition definition, boolean fromScratch, String startingOffsets, Engine engine,
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
