package io.streamgate.queries;

import java.time.Duration;

/**
 * What every {@link QueryOperator} works with, the same for every query.
 *
 * @param maxStateRows rows of state a run may keep ({@code streamgate.pipeline.max-state-rows})
 * @param unstopped    the runs whose tasks outlived their stop
 */
record OperatorContext(QueryLauncher launcher, Admission admission, RunIndex runs, Duration stopTimeout, long maxStateRows,
                       UnstoppedRuns unstopped) {
}
