package io.streamgate.queries;

import org.apache.spark.SparkStatusTracker;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every {@link QueryOperator} works with, the same for every query.
 *
 * @param maxStateRows rows of state a run may keep ({@code streamgate.pipeline.max-state-rows})
 * @param jobs         the scheduler of the session runs are on; empty when there is none
 */
record OperatorContext(QueryLauncher launcher, Admission admission, RunIndex runs, Duration stopTimeout, long maxStateRows,
                       Supplier<Optional<SparkStatusTracker>> jobs) {
}
