package io.streamgate.queries;

import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.storage.Storage;
import org.apache.spark.util.ShutdownHookManager;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import scala.runtime.BoxedUnit;

import java.net.URI;

/**
 * Stops the queries first when the app stops, leaving each marked as running, to be resumed at the next
 * start. On SIGTERM Spark's own shutdown hook stops the SparkContext while Spring may still be closing:
 * a hook of Spark's, at a higher priority, stops the queries before it, so that the running micro-batch
 * ends cleanly instead of failing. The hook is this context's, from its start to its stop.
 * <p>
 * While the service runs, a marker file lies in the checkpoint dir; it goes once the queries are shut
 * down. Found at the next start, it says the last run ended without shutting down: killed, or ended by
 * {@code -XX:+ExitOnOutOfMemoryError} ({@link ResumeOnStartup} holds the query that may have done it).
 */
@Component
class QueryShutdownHook implements SmartLifecycle {

    /**
     * Spark runs its shutdown hooks highest priority first: the local executor's hook (default
     * priority) and the SparkContext's (lower) must find the queries already stopped.
     */
    private static final int STOP_QUERIES_SHUTDOWN_PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10;

    private final QueryRegistry queries;
    private final Storage storage;
    private final URI marker;
    private Object hook; // Spark's handle of the registered hook; from start() to stop()
    private volatile boolean lastRunEndedUncleanly;

    QueryShutdownHook(QueryRegistry queries, Storage storage, QueryPlanner planner) {
        this.queries = queries;
        this.storage = storage;
        this.marker = Storage.child(planner.checkpointDir(), ".service-running");
    }

    /** Whether the service's last run ended without its queries shut down. */
    boolean lastRunEndedUncleanly() {
        return lastRunEndedUncleanly;
    }

    @Override
    public synchronized void start() {
        lastRunEndedUncleanly = storage.exists(marker);
        storage.write(marker, "The service runs; its queries were not shut down since.\n");
        hook = ShutdownHookManager.addShutdownHook(STOP_QUERIES_SHUTDOWN_PRIORITY, () -> {
            shutDownQueries();
            return BoxedUnit.UNIT;
        });
    }

    /** Stops first of the query lifecycle: after the web server, before the registry and Spark. */
    @Override
    public synchronized void stop() {
        shutDownQueries();
        if (hook != null) {
            ShutdownHookManager.removeShutdownHook(hook);
            hook = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return hook != null;
    }

    @Override
    public int getPhase() {
        return QueryRegistry.PHASE + 1;
    }

    private void shutDownQueries() {
        queries.all().forEach(QueryOperator::shutdown);
        storage.delete(marker);
    }
}
