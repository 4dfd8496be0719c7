package io.streamgate.pipeline.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.streamgate.pipeline.definition.ErrorText.firstLine;

/**
 * The app's SparkSession (the app is Spark's driver). A master that is down, unreachable or refuses
 * the app does not keep the app from starting: the session is made again, with backoff, until it can
 * be, and made anew whenever Spark stops it (a cluster master removes an application whose executors
 * keep failing). A session is usable once it has an executor to run tasks on (at once on a local
 * master; on a cluster when a worker has launched one). Whoever needs Spark asks for {@link #session()},
 * and is told when a session becomes usable ({@link #onSession}). The first attempt is made when the
 * context starts, before the web server, so that a local master's session is there when the app serves.
 */
@Component
public class SparkConnection implements SmartLifecycle, InitializingBean {

    /** Before the web server starts (and after it stops): the app serves with a session, and stops queries before Spark. */
    public static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;

    private static final Logger log = LoggerFactory.getLogger(SparkConnection.class);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(500);

    /** The SparkContext's local property that puts the jobs a thread submits in a fair-scheduler pool. */
    public static final String SCHEDULER_POOL = "spark.scheduler.pool";
    /** The version of Spark the app runs with: its driver's, and the one a cluster must run. */
    public static final String SPARK_VERSION = org.apache.spark.package$.MODULE$.SPARK_VERSION();

    private final SparkProperties properties;
    private final SparkSessionFactory factory;
    private final Clock clock;
    private final List<Consumer<SparkSession>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService watcher; // from start() to stop()
    private volatile SparkSession session;
    private SparkSession announced; // the last session listeners were told of; the watcher thread only
    private volatile boolean closed;
    // Written by the watcher thread (and start(), before it runs); read by health checks.
    private volatile int failedAttempts;
    private volatile String lastFailure;
    private volatile Instant nextAttemptAt;

    public SparkConnection(SparkProperties properties, Clock clock) {
        this(properties, clock, List.of());
    }

    @Autowired
    public SparkConnection(SparkProperties properties, Clock clock, List<SparkSettingsContributor> contributors) {
        this.properties = properties;
        this.factory = new SparkSessionFactory(properties, contributors);
        this.clock = clock;
    }

    /** A local master's session is begun as soon as the app has its settings, to be ready by {@link #start}. */
    @Override
    public void afterPropertiesSet() {
        if (properties.isLocal()) {
            factory.beginCreating();
        }
    }

    /** The first attempt, then a watcher; a cluster master that cannot be reached fails it within the probe's timeout. */
    @Override
    public synchronized void start() {
        if (watcher != null) {
            return;
        }
        closed = false;
        attempt();
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "streamgate-spark-connection");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::watch, WATCH_INTERVAL.toMillis(), WATCH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized boolean isRunning() {
        return watcher != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Stops the session; Spark's own shutdown hook may have stopped it already, which makes this a no-op. */
    @Override
    public synchronized void stop() {
        closed = true;
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
        SparkSession current = session;
        if (current != null) {
            current.stop();
        }
        factory.close();
    }

    /** @throws SparkUnavailableException while there is no usable session */
    public SparkSession session() {
        return current().orElseThrow(() -> new SparkUnavailableException(status().unavailableReason()));
    }

    /** The session, while it is usable. */
    public Optional<SparkSession> current() {
        SparkSession current = session;
        return current != null && usable(current) ? Optional.of(current) : Optional.empty();
    }

    /**
     * Calls the listener with the current session if it is usable, and with every session that becomes
     * usable from now on: the first, and one made after Spark stopped the one before.
     */
    public void onSession(Consumer<SparkSession> listener) {
        listeners.add(listener);
        current().ifPresent(listener);
    }

    public SparkStatus status() {
        SparkSession current = session;
        if (current != null && !current.sparkContext().isStopped()) {
            try {
                SparkContext context = current.sparkContext();
                int executors = executors(context);
                return new SparkStatus(executors > 0 ? SparkStatus.State.UP : SparkStatus.State.WAITING_FOR_EXECUTORS,
                        properties.master(),
                        context.applicationId(), executors, current.streams().active().length, failedAttempts,
                        lastFailure, null);
            } catch (IllegalStateException stoppedMeanwhile) {
                // Spark stops a context its cluster removed from another thread, at any moment ("RpcEnv has been stopped").
            }
        }
        return new SparkStatus(SparkStatus.State.CONNECTING, properties.master(), null, 0, 0, failedAttempts, lastFailure,
                nextAttemptAt);
    }

    public boolean isLocal() {
        return properties.isLocal();
    }

    /** Runs on the watcher thread: notices a session Spark stopped, and makes a new one when the backoff allows. */
    private void watch() {
        try {
            if (closed || ShutdownHookManager.inShutdown()) {
                return;
            }
            SparkSession current = session;
            if (current != null && !current.sparkContext().isStopped()) {
                if (usable(current) && announced != current) {
                    announce(current);
                }
                return;
            }
            if (current != null) {
                session = null;
                failed("Spark stopped the application " + current.sparkContext().applicationId()
                        + " (on a cluster: the master removed it, e.g. because its executors kept failing)");
                return;
            }
            if (nextAttemptAt == null || !clock.instant().isBefore(nextAttemptAt)) {
                attempt();
            }
        } catch (RuntimeException e) {
            log.warn("Watching the Spark connection failed: {}", e.toString());
        }
    }

    private void attempt() {
        try {
            MasterProbe.requireReachable(properties.master());
            SparkSession created = factory.create();
            if (created.sparkContext().isStopped()) {
                failed("Spark stopped the application as soon as it was made (the master refused it)");
                return;
            }
            session = created;
            nextAttemptAt = null;
            log.info("SparkSession {} started on master {} (Spark {})",
                    created.sparkContext().applicationId(), properties.master(), created.version());
            if (usable(created)) {
                announce(created);
            }
        } catch (RuntimeException e) {
            failed(firstLine(String.valueOf(e.getMessage())));
        }
    }

    private void failed(String reason) {
        failedAttempts++;
        lastFailure = reason;
        Duration backoff = properties.reconnect().backoff(failedAttempts);
        nextAttemptAt = clock.instant().plus(backoff);
        log.warn("No Spark session on {}: {}; next attempt in {} ms", properties.master(), reason, backoff.toMillis());
    }

    /** Usable, not only made: the backoff starts anew (a cluster that refuses executors keeps it growing). */
    private void announce(SparkSession usable) {
        announced = usable;
        failedAttempts = 0;
        lastFailure = null;
        for (Consumer<SparkSession> listener : listeners) {
            try {
                listener.accept(usable);
            } catch (RuntimeException e) {
                log.warn("A listener of the new Spark session failed: {}", e.toString());
            }
        }
    }

    private boolean usable(SparkSession candidate) {
        SparkContext context = candidate.sparkContext();
        return !context.isStopped() && executors(context) > 0;
    }

    /** Executors that can run tasks: a local master's driver is its executor; on a cluster it is listed but runs none. */
    private int executors(SparkContext context) {
        int listed = context.statusTracker().getExecutorInfos().length;
        return properties.isLocal() ? listed : Math.max(0, listed - 1);
    }
}
