package io.streamgate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for the app under test: what a user's curl would see. */
public final class Api {

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    // HTTP/1.1 as curl speaks it; the default would try an h2c upgrade on every new connection.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> defaultHeaders;

    public Api(int port) {
        this(port, Map.of());
    }

    /** @param defaultHeaders sent with every request, e.g. an API key */
    public Api(int port, Map<String, String> defaultHeaders) {
        this.base = "http://127.0.0.1:" + port;
        this.defaultHeaders = Map.copyOf(defaultHeaders);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response putJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** Deletes every query but the default one, {@code streamgate}, which cannot be deleted. */
    public void deleteUserQueries() {
        for (JsonNode query : get("/queries").json()) {
            String name = query.get("name").asString();
            if (!name.equals("streamgate")) {
                delete("/queries/" + name);
            }
        }
    }

    public Response postJson(String path, String json) {
        return post(path, JSON, json);
    }

    public Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response post(String path, String contentType, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(body);
        headers.forEach(request::header);
        return send(request);
    }

    public static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    public static String toJson(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private Response send(HttpRequest.Builder request) {
        defaultHeaders.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String contentType, String body) {

        public JsonNode json() {
            return Api.json(body);
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
