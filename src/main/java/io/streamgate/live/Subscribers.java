package io.streamgate.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Counts the open streams over all topics and queries, and refuses one past the cap. When the service
 * stops it ends every stream before the web server's graceful shutdown begins: that waits for the
 * requests in progress, and a stream never finishes by itself, so one open console would hold the
 * shutdown for its whole timeout (30 s; longer than {@code docker stop} waits before it kills). An
 * {@code EventSource} reconnects by itself, with its {@code Last-Event-ID}.
 */
@Component
class Subscribers implements SmartLifecycle {

    private final LiveProperties settings;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Subscriber> streams = ConcurrentHashMap.newKeySet();
    private final JsonMapper json;
    private final Counter droppedEvents;
    private volatile boolean running;

    Subscribers(LiveProperties settings, MeterRegistry meters, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        Gauge.builder("streamgate.live.subscribers", open, AtomicInteger::get)
                .description("Live streams (server-sent events) open now").register(meters);
        this.droppedEvents = Counter.builder("streamgate.live.events.dropped").baseUnit("events")
                .description("Events dropped for clients that read too slowly (each such client gets a gap event)")
                .register(meters);
    }

    /**
     * @param name    for the writer thread's name
     * @param onClose what else to let go of when the stream ends (a Kafka consumer, its place among a
     *                query's subscribers), given the stream
     * @throws TooManySubscribersException past {@code streamgate.live.max-subscribers}
     * @throws ShuttingDownException       once the service has begun to stop
     */
    Subscriber open(String name, Consumer<Subscriber> onClose) {
        if (!running) {
            throw new ShuttingDownException();
        }
        if (open.incrementAndGet() > settings.maxSubscribers()) {
            open.decrementAndGet();
            throw new TooManySubscribersException(settings.maxSubscribers());
        }
        Subscriber subscriber = new Subscriber(name, settings.subscriberQueue(), settings.heartbeat(), json, droppedEvents, closed -> {
            streams.remove(closed);
            open.decrementAndGet();
            onClose.accept(closed);
        });
        streams.add(subscriber);
        if (!running || subscriber.isClosed()) {
            // stop() went over the streams meanwhile, or it ended before it was in them.
            streams.remove(subscriber);
            subscriber.close();
        }
        return subscriber;
    }

    int open() {
        return open.get();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List.copyOf(streams).forEach(Subscriber::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops just before the web server's graceful shutdown, which would otherwise wait for the streams. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }
}
