package io.streamgate.live;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client's stream. Events are queued, never sent on the thread that makes them, so Spark's and
 * Kafka's threads never wait for a browser; a writer thread of its own sends them. The queue is
 * bounded: a client too slow for it loses the oldest events and gets a {@code gap} event that says how
 * many. A comment is sent when the stream has been idle for the heartbeat, which also finds clients
 * that are gone. However it ends (the client leaves, a send fails, the service stops), {@code onClose}
 * runs once.
 */
final class Subscriber {

    private static final int MAX_EVENTS_PER_WRITE = 500;
    private static final MediaType UTF8_TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final SseEmitter emitter = new SseEmitter(0L); // no timeout: open until one side leaves
    private final Deque<LiveEvent> queue = new ArrayDeque<>();
    private final int capacity;
    private final Duration heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<Subscriber> onClose;
    private final JsonMapper json;
    private final Counter droppedEvents;
    private long dropped;

    /** @param droppedEvents counts the events dropped for every client that reads too slowly */
    Subscriber(String name, int capacity, Duration heartbeat, JsonMapper json, Counter droppedEvents,
               Consumer<Subscriber> onClose) {
        this.json = json;
        this.droppedEvents = droppedEvents;
        this.capacity = capacity;
        this.heartbeat = heartbeat;
        this.onClose = onClose;
        emitter.onCompletion(this::close);
        emitter.onError(error -> close());
        emitter.onTimeout(this::close);
        Thread writer = new Thread(this::write, "live-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    SseEmitter emitter() {
        return emitter;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Never blocks: past the capacity the oldest queued event goes. */
    void offer(LiveEvent event) {
        offer(List.of(event));
    }

    /** Events that come together are queued together, with one wake-up of the writer. */
    void offer(List<LiveEvent> events) {
        synchronized (queue) {
            if (closed.get() || events.isEmpty()) {
                return;
            }
            for (LiveEvent event : events) {
                if (queue.size() >= capacity) {
                    queue.removeFirst();
                    dropped++;
                    droppedEvents.increment();
                }
                queue.addLast(event);
            }
            queue.notifyAll();
        }
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (queue) {
                queue.clear();
                queue.notifyAll();
            }
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already completed by the container
            }
            onClose.accept(this);
        }
    }

    private void write() {
        try {
            // The response's headers go out with the first bytes: a client knows at once that it is connected.
            sendText(": connected\n\n");
            List<LiveEvent> batch = new ArrayList<>();
            String lastId = null;
            while (!closed.get()) {
                long gap;
                synchronized (queue) {
                    if (queue.isEmpty()) {
                        queue.wait(heartbeat.toMillis());
                    }
                    while (!queue.isEmpty() && batch.size() < MAX_EVENTS_PER_WRITE) {
                        batch.add(queue.pollFirst());
                    }
                    gap = dropped;
                    dropped = 0;
                }
                if (closed.get()) {
                    return;
                }
                StringBuilder text = new StringBuilder();
                if (gap > 0) {
                    lastId = append(new LiveEvent(null, LiveEvent.GAP, Map.of("dropped", gap,
                            "reason", "this client read too slowly; the oldest events were dropped")), lastId, text);
                }
                for (LiveEvent event : batch) {
                    lastId = append(event, lastId, text);
                }
                batch.clear();
                sendText(text.isEmpty() ? ": heartbeat\n\n" : text.toString());
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Live stream ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /**
     * An event of no place in the stream (a client's gap, an error) repeats the id before it, so every
     * event has one; resuming from a gap's id asks again for what was dropped.
     *
     * @return the id the client has now
     */
    private String append(LiveEvent event, String lastId, StringBuilder text) {
        if (event.id() == null && lastId != null) {
            text.append("id:").append(lastId).append('\n');
        }
        event.appendTo(text, json);
        return event.id() != null ? event.id() : lastId;
    }

    /** Events queued meanwhile go out in one write and one flush, not one each. */
    private void sendText(String text) throws IOException {
        emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(text, UTF8_TEXT)));
    }
}
