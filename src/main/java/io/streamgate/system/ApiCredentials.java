package io.streamgate.system;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The credentials the API takes, for the API, the Spark UI and {@code GET /me} alike: its keys, and bearer
 * tokens when Spring Boot has a token decoder (an issuer is set). Neither: the API is open.
 */
final class ApiCredentials {

    private final ApiKeys keys;
    private final JwtDecoder tokens; // null: no bearer tokens

    /** @param tokens Spring Boot's decoder; null when no issuer is set */
    ApiCredentials(ApiKeys keys, JwtDecoder tokens) {
        this.keys = keys;
        this.tokens = tokens == null ? null : reachingIssuer(tokens);
    }

    ApiKeys keys() {
        return keys;
    }

    /** The bearer tokens' decoder, when tokens are taken. */
    Optional<JwtDecoder> tokens() {
        return Optional.ofNullable(tokens);
    }

    /** No key and no token issuer: every caller may do everything. */
    boolean open() {
        return keys.isEmpty() && tokens == null;
    }

    /** As {@code GET /me} names them: {@code api-key}, {@code bearer}; none when open. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (!keys.isEmpty()) {
            names.add("api-key");
        }
        if (tokens != null) {
            names.add("bearer");
        }
        return names;
    }

    /** What a caller must send, as a 401 says it. */
    String required() {
        return !keys.isEmpty() && tokens != null ? "An API key in the " + SecurityConfiguration.API_KEY_HEADER
                + " header, or a bearer token, is required"
                : !keys.isEmpty() ? "A valid API key in the " + SecurityConfiguration.API_KEY_HEADER + " header is required"
                : "A valid bearer token is required";
    }

    /**
     * Spring Boot's decoder fetches the issuer's keys at the first token; when the issuer cannot be
     * reached, that is a server error, which would be answered 500. It is a 503 problem instead.
     */
    private static JwtDecoder reachingIssuer(JwtDecoder decoder) {
        return token -> {
            try {
                return decoder.decode(token);
            } catch (JwtDecoderInitializationException e) {
                throw new TokenIssuerUnavailableException(e);
            }
        };
    }
}
