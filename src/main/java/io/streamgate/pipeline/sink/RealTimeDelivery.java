package io.streamgate.pipeline.sink;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How real-time mode's writer, which Spark serializes and runs in its tasks, hands rows to this app.
 * Spark gives a task nothing of the app but what the writer carries, so the writer carries a key and
 * finds the receiver here. That works because the plan runs real-time mode on a local master only,
 * whose tasks run in this JVM. A run registers its receiver when it starts and lets go of it when it ends.
 */
public final class RealTimeDelivery {

    private static final Map<String, Consumer<?>> RECEIVERS = new ConcurrentHashMap<>();

    private RealTimeDelivery() {
    }

    public static <T> Registration register(Consumer<T> receiver) {
        String key = UUID.randomUUID().toString();
        RECEIVERS.put(key, receiver);
        return new Registration(key);
    }

    @SuppressWarnings("unchecked")
    static <T> Consumer<T> receiver(String key) {
        Consumer<T> receiver = (Consumer<T>) RECEIVERS.get(key);
        if (receiver == null) {
            throw new IllegalStateException("No receiver " + key + " in this JVM: real-time mode needs a local "
                    + "Spark master, and a run that has not ended");
        }
        return receiver;
    }

    /** Closing it ends the delivery: a task still running finds no receiver and fails. */
    public record Registration(String key) implements AutoCloseable {

        @Override
        public void close() {
            RECEIVERS.remove(key);
        }
    }
}
