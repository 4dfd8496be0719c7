package io.streamgate.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the open streams over all topics and queries, and refuses one past the cap. */
@Component
class Subscribers {

    private final LiveProperties settings;
    private final AtomicInteger open = new AtomicInteger();
    private final JsonMapper json;

    Subscribers(LiveProperties settings, MeterRegistry meters, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        Gauge.builder("streamgate.live.subscribers", open, AtomicInteger::get)
                .description("Live streams (server-sent events) open now").register(meters);
    }

    /**
     * @param name    for the writer thread's name
     * @param onClose what else to let go of when the stream ends (a Kafka consumer)
     * @throws TooManySubscribersException past {@code streamgate.live.max-subscribers}
     */
    Subscriber open(String name, Runnable onClose) {
        if (open.incrementAndGet() > settings.maxSubscribers()) {
            open.decrementAndGet();
            throw new TooManySubscribersException(settings.maxSubscribers());
        }
        return new Subscriber(name, settings.subscriberQueue(), settings.heartbeat(), json, () -> {
            open.decrementAndGet();
            onClose.run();
        });
    }

    int open() {
        return open.get();
    }
}
