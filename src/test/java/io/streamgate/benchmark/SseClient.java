package io.streamgate.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** A minimal server-sent events client for the benchmark: each event's name and data, on a thread of its own. */
final class SseClient implements AutoCloseable {

    private final HttpResponse<InputStream> response;

    SseClient(HttpClient http, String url, BiConsumer<String, String> onEvent) throws IOException, InterruptedException {
        response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        Thread reader = new Thread(() -> read(onEvent), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BiConsumer<String, String> onEvent) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    onEvent.accept(name, line.substring(5).strip());
                } else if (line.isEmpty()) {
                    name = "message";
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
