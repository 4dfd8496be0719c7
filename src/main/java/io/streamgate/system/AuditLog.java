package io.streamgate.system;

import io.streamgate.queries.QueryRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * One structured line, on the logger {@code streamgate.audit}, for every request that changes a query:
 * its creation or replacement ({@code PUT}), start, stop and deletion, with who asked, what, on which
 * query, and the answer's status, refusals included. Produce requests are not logged: they are too many.
 * Before Spring Security's filters, so that a 401 or a 403 is seen too; {@link ScopeRule} names the
 * caller once it is known.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1)
class AuditLog extends OncePerRequestFilter {

    /** The request attribute the caller's name is left in, once authenticated. */
    static final String PRINCIPAL = AuditLog.class.getName() + ".principal";

    private static final Logger audit = LoggerFactory.getLogger("streamgate.audit");

    private final ObjectProvider<QueryRegistry> queries;

    /** @param queries absent in a web slice test, which has no queries: the default query is then named so */
    AuditLog(ObjectProvider<QueryRegistry> queries) {
        this.queries = queries;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = Scope.pathOf(request);
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || !(path.startsWith("/queries/") || path.equals("/queries"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            write(request, response.getStatus());
        }
    }

    private void write(HttpServletRequest request, int status) {
        String[] parts = Scope.pathOf(request).substring("/queries".length()).split("/");
        // "", then the name or start/stop of the default query, then start/stop of a named one
        String query = parts.length < 2 || parts[1].equals("start") || parts[1].equals("stop") ? defaultName() : parts[1];
        String last = parts.length == 0 ? "" : parts[parts.length - 1];
        String action = switch (request.getMethod()) {
            case "PUT" -> status == 201 ? "create" : status == 200 ? "replace" : "define";
            case "DELETE" -> "delete";
            default -> last.equals("start") || last.equals("stop") ? last : request.getMethod().toLowerCase();
        };
        Object principal = request.getAttribute(PRINCIPAL);
        String caller = principal == null ? "anonymous" : principal.toString();
        audit.atInfo().addKeyValue("principal", caller).addKeyValue("action", action).addKeyValue("query", query)
                .addKeyValue("outcome", status)
                .log("principal={} action={} query={} outcome={}", caller, action, query, status);
    }

    private String defaultName() {
        QueryRegistry registry = queries.getIfAvailable();
        return registry == null ? "(the default query)" : registry.defaultName();
    }
}
