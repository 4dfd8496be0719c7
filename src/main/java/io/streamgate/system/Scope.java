package io.streamgate.system;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Optional;

/**
 * What a caller may do with the API, as an API key's roles or an OAuth2 token's scopes say. Each
 * request needs one, or none: health, info, metrics, the API docs and the console stay open.
 */
public enum Scope {

    /** Every GET of the API: results, status, definitions, the live streams; and archive queries, which only read. */
    READ,
    /** {@code POST /messages}, {@code /messages/batch}, and the same under {@code /topics/{topic}}. */
    PRODUCE,
    /** Start, stop, {@code PUT} and {@code DELETE} of queries, and {@code PUT} and {@code DELETE} of streams and tables. */
    OPERATE;

    /** The API's paths under which each call needs a scope. */
    static final List<String> SCOPED = List.of("/messages", "/queries", "/topics", "/streams", "/tables", "/archive");

    /** Whether a call to the path needs a scope. */
    static boolean scoped(String path) {
        return SCOPED.stream().anyMatch(root -> under(path, root));
    }

    /** The scope the request needs; empty when it needs none. */
    static Optional<Scope> requiredBy(HttpServletRequest request) {
        String path = pathOf(request);
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || under(path, "/archive");
        if (under(path, "/messages") || producing(path)) {
            return Optional.of(read ? READ : PRODUCE);
        }
        return scoped(path) ? Optional.of(read ? READ : OPERATE) : Optional.empty();
    }

    /** The request's path within the application, as the API's routes name it. */
    static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** {@code /topics/{topic}/messages} and its {@code /batch}. */
    private static boolean producing(String path) {
        String[] parts = path.split("/", -1);
        return parts.length >= 4 && parts[1].equals("topics") && parts[3].equals("messages")
                && (parts.length == 4 || (parts.length == 5 && parts[4].equals("batch")));
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
