package io.streamgate;

import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client of a {@code text/event-stream}, reading it as a browser's {@code EventSource} does (an event
 * ends at a blank line; comments are skipped) on a thread of its own, and handing each event on as it
 * comes. Closing it closes the connection, as a browser tab would.
 */
public final class EventStreamClient implements AutoCloseable {

    /** @param id the event's own {@code id:}, null without one */
    public record Event(String id, String name, String data) {

        public JsonNode json() {
            return Api.json(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final CountDownLatch ended = new CountDownLatch(1);

    private EventStreamClient(HttpResponse<InputStream> response, Consumer<Event> onEvent) {
        this.response = response;
        Thread reader = new Thread(() -> read(onEvent), "event-stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects and starts reading.
     *
     * @param lastEventId sent as {@code Last-Event-ID}, as a reconnecting {@code EventSource} would; null for none
     * @throws IllegalStateException when the answer is not a 200
     */
    public static EventStreamClient open(HttpClient http, URI uri, String lastEventId, Consumer<Event> onEvent)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + body);
        }
        return new EventStreamClient(response, onEvent);
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** Whether the server ended the stream within the timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void read(Consumer<Event> onEvent) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        onEvent.accept(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = value(line, 3);
                } else if (line.startsWith("event:")) {
                    name = value(line, 6);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    data.append(value(line, 5));
                }
            }
        } catch (IOException e) {
            // the stream was closed
        } finally {
            ended.countDown();
        }
    }

    /** A field's value: what follows its colon, less one leading space. */
    private static String value(String line, int colonEnd) {
        return line.startsWith(" ", colonEnd) ? line.substring(colonEnd + 1) : line.substring(colonEnd);
    }
}
