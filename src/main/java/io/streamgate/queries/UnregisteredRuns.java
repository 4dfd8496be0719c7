package io.streamgate.queries;

import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds the streaming queries Spark runs that are no run of the service's, and stops them: a run the API
 * cannot see, stop or count against {@code max-running} must not go on. Spark's active queries are
 * compared with the {@link RunIndex} every {@code streamgate.queries.unregistered-check}, and after each
 * run launched or let go; a query is
 * stopped when it is unknown at two looks in a row, so that a run Spark has just started, before the
 * service has recorded it, is never taken for one. Shown in health as {@code unregisteredQueries}.
 */
@Component("unregisteredQueries")
class UnregisteredRuns implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnregisteredRuns.class);

    private final SparkConnection spark;
    private final RunIndex runs;
    private final QueriesProperties settings;
    private final Clock clock;
    private final Object looking = new Object();
    private final AtomicLong stopped = new AtomicLong();
    private volatile Set<String> unknownAtLastLook = Set.of();
    private volatile Map<String, Object> lastStopped;
    private ScheduledExecutorService looks;

    UnregisteredRuns(SparkConnection spark, RunIndex runs, QueriesProperties settings, Clock clock) {
        this.spark = spark;
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    /** Compares once: stops what was unknown at the last look and still is. */
    void look() {
        synchronized (looking) {
            spark.current().ifPresent(this::look);
        }
    }

    private void look(SparkSession session) {
        Set<String> unknown = new HashSet<>();
        for (StreamingQuery query : session.streams().active()) {
            String runId = query.runId().toString();
            if (runs.find(runId).isPresent() || runs.isLaunching(baseName(query.name()))) {
                continue;
            }
            if (!unknownAtLastLook.contains(runId)) {
                unknown.add(runId);
                continue;
            }
            log.warn("Stopping streaming query {} (run {}): Spark runs it, but it is no run of the service's",
                    query.name(), runId);
            try {
                query.stop();
            } catch (Exception e) {
                log.warn("Stopping unregistered streaming query {} failed: {}", query.name(), e.getMessage());
                unknown.add(runId);
                continue;
            }
            stopped.incrementAndGet();
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("name", String.valueOf(query.name()));
            last.put("runId", runId);
            last.put("at", clock.instant().toString());
            lastStopped = last;
        }
        unknownAtLastLook = Set.copyOf(unknown);
    }

    /** A look soon, off the caller's thread: after a run is launched or let go. */
    private synchronized void lookSoon() {
        if (looks != null) {
            looks.execute(this::lookLogged);
        }
    }

    private void lookLogged() {
        try {
            look();
        } catch (RuntimeException e) {
            log.warn("Could not compare Spark's active queries with the service's runs: {}", e.getMessage());
        }
    }

    /** A run's queries are named after the query, the archive's with a suffix. */
    private static String baseName(String sparkName) {
        if (sparkName == null) {
            return "";
        }
        return sparkName.endsWith("-archive") ? sparkName.substring(0, sparkName.length() - "-archive".length()) : sparkName;
    }

    /** UP, with what was found: a query found and stopped was a fault of the service, worth a look at the log. */
    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("stopped", stopped.get());
        Map<String, Object> lastStopped = this.lastStopped;
        Set<String> unknownAtLastLook = this.unknownAtLastLook;
        if (lastStopped != null) {
            health.withDetail("lastStopped", lastStopped);
        }
        if (!unknownAtLastLook.isEmpty()) {
            health.withDetail("unknownNow", unknownAtLastLook);
        }
        return health.build();
    }

    @Override
    public synchronized void start() {
        looks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "unregistered-queries");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, settings.unregisteredCheck().toMillis());
        looks.scheduleWithFixedDelay(this::lookLogged, every, every, TimeUnit.MILLISECONDS);
        runs.onChange(this::lookSoon);
    }

    @Override
    public synchronized void stop() {
        if (looks != null) {
            looks.shutdownNow();
            looks = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return looks != null;
    }
}
