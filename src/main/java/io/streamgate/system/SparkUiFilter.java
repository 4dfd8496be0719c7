package io.streamgate.system;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Spark UI's door when the API is secured ({@code spark.ui.filters}): a page needs the API's key or
 * bearer token, with the {@code streamgate:read} scope. Spark makes the filter itself, so the service
 * hands it the API's own check once, at start ({@link SparkUiSecurity}). Anonymous callers get no page.
 */
public class SparkUiFilter implements Filter {

    /** A caller as the API authenticates one, with its scopes as authorities; empty when the credentials fail. */
    private static volatile Function<HttpServletRequest, Optional<Authentication>> authenticator;
    private static volatile Predicate<Authentication> reader;

    static void install(Function<HttpServletRequest, Optional<Authentication>> check, Predicate<Authentication> reads) {
        reader = reads;
        authenticator = check;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse answer = (HttpServletResponse) response;
        Function<HttpServletRequest, Optional<Authentication>> check = authenticator;
        Optional<Authentication> caller = check == null ? Optional.empty() : check.apply((HttpServletRequest) request);
        if (caller.isEmpty()) {
            refuse(answer, HttpServletResponse.SC_UNAUTHORIZED, "The Spark UI needs the API's key (X-API-Key) or bearer token");
            return;
        }
        if (!reader.test(caller.get())) {
            refuse(answer, HttpServletResponse.SC_FORBIDDEN, "The Spark UI needs the read scope");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"status\": " + status + ", \"detail\": \"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
