package io.streamgate.queries;

import org.apache.spark.util.ShutdownHookManager;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import scala.runtime.BoxedUnit;

/**
 * Stops the queries first when the app stops. On SIGTERM Spark's own shutdown hook stops the SparkContext
 * while Spring may still be closing; stopping the query before it lets the running micro-batch end
 * cleanly instead of failing. The query stays marked as running, to be resumed at the next start.
 */
@Component
class QueryShutdownHook implements DisposableBean {

    /**
     * Spark runs its shutdown hooks highest priority first: the local executor's hook (default
     * priority) and the SparkContext's (lower) must find the query already stopped.
     */
    private static final int STOP_QUERY_SHUTDOWN_PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10;

    private final QueryRegistry queries;

    QueryShutdownHook(QueryRegistry queries) {
        this.queries = queries;
        ShutdownHookManager.addShutdownHook(STOP_QUERY_SHUTDOWN_PRIORITY, () -> {
            queries.all().forEach(QueryOperator::shutdown);
            return BoxedUnit.UNIT;
        });
    }

    @Override
    public void destroy() {
        queries.all().forEach(QueryOperator::shutdown);
    }
}
