package io.streamgate.pipeline;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a Spark writer, which Spark serializes and runs in an executor, find this app's results
 * buffer: possible only when the executor is this JVM (a local master), which real-time mode requires.
 */
final class InProcessResults {

    private static final Map<String, ResultsBuffer> BUFFERS = new ConcurrentHashMap<>();

    private InProcessResults() {
    }

    /** @return the id a writer passes to {@link #get} */
    static String register(ResultsBuffer buffer) {
        String id = UUID.randomUUID().toString();
        BUFFERS.put(id, buffer);
        return id;
    }

    static ResultsBuffer get(String id) {
        ResultsBuffer buffer = BUFFERS.get(id);
        if (buffer == null) {
            throw new IllegalStateException("No results buffer " + id + " in this JVM: real-time mode needs a local "
                    + "Spark master, so that its writers run in the app");
        }
        return buffer;
    }

    static void unregister(String id) {
        BUFFERS.remove(id);
    }
}
