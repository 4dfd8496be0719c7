package io.streamgate.live;

import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.queries.QueryDeletedEvent;
import io.streamgate.queries.flow.Flow;
import io.streamgate.queries.QueryRegistry;
import io.streamgate.queries.QueryStatus;
import io.streamgate.queries.RunListener;
import jakarta.annotation.PreDestroy;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every query's live events: {@code state} on each change of its state (with the failure), {@code progress}
 * on each of Spark's progress reports, {@code rows} with each batch's new or updated result rows. A
 * query's events are numbered and kept (a bounded ring) from its first subscriber on, so that a client
 * that reconnects with {@code Last-Event-ID} gets what it missed.
 */
@Component
class QueryEvents implements RunListener, SmartLifecycle {

    private static final long STATE_POLL_MS = 250;
    /** A query stream's ids are numbers; room for spaces around one. */
    private static final int MAX_ID_LENGTH = 64;

    private final QueryRegistry queries;
    private final Subscribers subscribers;
    private final LiveProperties settings;
    private final int resultsCapacity;
    private final Map<String, Hub> hubs = new ConcurrentHashMap<>();
    private ScheduledFuture<?> polling; // from start() to stop()
    private final ScheduledExecutorService statePoller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-query-states");
        thread.setDaemon(true);
        return thread;
    });

    QueryEvents(QueryRegistry queries, Subscribers subscribers, LiveProperties settings, ResultTables results) {
        this.queries = queries;
        this.subscribers = subscribers;
        this.settings = settings;
        this.resultsCapacity = results.capacity();
        results.listen(this::rowsWritten);
    }

    /** Looks at every watched query's state, for its {@code state} events, from the context's start to its stop. */
    @Override
    public synchronized void start() {
        if (polling == null) {
            polling = statePoller.scheduleWithFixedDelay(this::pollStates, STATE_POLL_MS, STATE_POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return polling != null;
    }

    /**
     * @param lastEventId the id of the last event the client saw, when it reconnects; null for a new client
     * @throws io.streamgate.queries.QueryNotFoundException for a name that is no query
     */
    Subscriber subscribe(String name, String lastEventId) {
        QueryStatus status = queries.status(name);
        Long after = lastEventId == null ? null : parseId(lastEventId);
        Hub hub = hubs.computeIfAbsent(name, query -> new Hub(new EventRing(settings.replay(), resultsCapacity)));
        Subscriber subscriber = subscribers.open("query-" + name, hub.subscribers::remove);
        synchronized (hub) {
            hub.subscribers.add(subscriber);
            if (after != null) {
                hub.ring.since(after).forEach(subscriber::offer);
            } else {
                // The state as of the newest event: a client that resumes from it gets what came after.
                subscriber.offer(new LiveEvent(Long.toString(hub.ring.lastId()), "state", state(status)));
            }
        }
        return subscriber;
    }

    @Override
    public void progressed(String query, QueryPlan plan, StreamingQueryListener.QueryProgressEvent event,
                           Optional<Flow> flow) {
        StreamingQueryProgress progress = event.progress();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batchId", progress.batchId());
        data.put("numInputRows", progress.numInputRows());
        data.put("inputRowsPerSecond", finite(progress.inputRowsPerSecond()));
        data.put("processedRowsPerSecond", finite(progress.processedRowsPerSecond()));
        data.put("durationMs", progress.durationMs());
        data.put("watermark", progress.eventTime().get("watermark"));
        data.put("timestamp", progress.timestamp());
        flow.ifPresent(keepingUp -> data.put("flow", keepingUp));
        publish(query, "progress", data, 0);
    }

    @EventListener
    void queryDeleted(QueryDeletedEvent deleted) {
        Hub hub = hubs.remove(deleted.name());
        if (hub != null) {
            publishTo(hub, "state", Map.of("state", "DELETED"), 0);
            List.copyOf(hub.subscribers).forEach(Subscriber::close);
        }
    }

    /** The newest rows, copied: the ring keeps its events, and a view would keep every row of the batch. */
    private void rowsWritten(String query, List<ResultRow> rows) {
        if (!rows.isEmpty() && hubs.containsKey(query)) {
            List<ResultRow> newest = List.copyOf(rows.subList(0, Math.min(rows.size(), settings.rowsPerEvent())));
            publish(query, "rows", newest, newest.size());
        }
    }

    private void pollStates() {
        for (Map.Entry<String, Hub> entry : hubs.entrySet()) {
            try {
                Map<String, Object> state = state(queries.status(entry.getKey()));
                Hub hub = entry.getValue();
                if (!Objects.equals(hub.lastState, state)) {
                    boolean first = hub.lastState == null;
                    hub.lastState = state;
                    if (!first) {
                        publishTo(hub, "state", state, 0);
                    }
                }
            } catch (RuntimeException e) {
                // a query deleted meanwhile: its hub goes with the deletion event
            }
        }
    }

    /** @param rows the result rows the data carries */
    private void publish(String query, String name, Object data, int rows) {
        Hub hub = hubs.get(query);
        if (hub != null) {
            publishTo(hub, name, data, rows);
        }
    }

    private static void publishTo(Hub hub, String name, Object data, int rows) {
        synchronized (hub) {
            LiveEvent event = hub.ring.add(name, data, rows);
            hub.subscribers.forEach(subscriber -> subscriber.offer(event));
        }
    }

    private static Map<String, Object> state(QueryStatus status) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", status.state());
        state.put("failure", status.failure());
        state.put("runId", status.runId());
        state.put("restarts", status.restarts());
        return state;
    }

    /** @throws InvalidTailRequestException for an id longer than any of ours (a number) could be */
    private static long parseId(String id) {
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidTailRequestException("Last-Event-ID is " + id.length() + " characters long; a query "
                    + "stream's id is a number of at most 19 digits");
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return 0; // not one of ours: everything kept
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** The streams themselves are ended before this, by {@link Subscribers#stop}. */
    @PreDestroy
    void close() {
        statePoller.shutdownNow();
    }

    /** One query's ring and subscribers. */
    private static final class Hub {

        final EventRing ring;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        volatile Map<String, Object> lastState;

        Hub(EventRing ring) {
            this.ring = ring;
        }
    }
}
