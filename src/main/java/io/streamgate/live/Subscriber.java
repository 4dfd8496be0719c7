package io.streamgate.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's stream. Events are queued, never sent on the thread that makes them, so Spark's and
 * Kafka's threads never wait for a browser; a writer thread of its own sends them. The queue is
 * bounded: a client too slow for it loses the oldest events and gets a {@code gap} event that says how
 * many. A comment is sent when the stream has been idle for the heartbeat, which also finds clients
 * that are gone. However it ends (the client leaves, a send fails, the server stops), {@code onClose}
 * runs once.
 */
final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final SseEmitter emitter = new SseEmitter(0L); // no timeout: open until one side leaves
    private final Deque<LiveEvent> queue = new ArrayDeque<>();
    private final int capacity;
    private final Duration heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private long dropped;

    Subscriber(String name, int capacity, Duration heartbeat, Runnable onClose) {
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
        synchronized (queue) {
            if (closed.get()) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.removeFirst();
                dropped++;
            }
            queue.addLast(event);
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
            onClose.run();
        }
    }

    private void write() {
        try {
            while (!closed.get()) {
                LiveEvent next;
                long gap;
                synchronized (queue) {
                    if (queue.isEmpty()) {
                        queue.wait(heartbeat.toMillis());
                    }
                    next = queue.pollFirst();
                    gap = dropped;
                    dropped = 0;
                }
                if (closed.get()) {
                    return;
                }
                if (gap > 0) {
                    send(new LiveEvent(null, LiveEvent.GAP, Map.of("dropped", gap,
                            "reason", "this client read too slowly; the oldest events were dropped")));
                }
                if (next != null) {
                    send(next);
                } else {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Live stream ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void send(LiveEvent event) throws IOException {
        SseEmitter.SseEventBuilder builder = SseEmitter.event().name(event.name()).data(event.data(), MediaType.APPLICATION_JSON);
        if (event.id() != null) {
            builder.id(event.id());
        }
        emitter.send(builder);
    }
}
