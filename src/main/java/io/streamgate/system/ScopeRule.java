package io.streamgate.system;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Grants a request that needs no scope, or whose caller has the one it needs ({@link Scope#requiredBy}),
 * as an API key's scope or a token's {@code scope} claim (Spring Security's {@code SCOPE_} authorities).
 */
final class ScopeRule implements AuthorizationManager<RequestAuthorizationContext> {

    private final SecurityProperties.ScopeNames names;

    ScopeRule(SecurityProperties.ScopeNames names) {
        this.names = names;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Optional<Scope> needed = Scope.requiredBy(context.getRequest());
        if (needed.isEmpty()) {
            return new AuthorizationDecision(true);
        }
        Authentication caller = authentication.get();
        if (caller != null && !(caller instanceof AnonymousAuthenticationToken)) {
            context.getRequest().setAttribute(AuditLog.PRINCIPAL, caller.getName());
        }
        return new AuthorizationDecision(caller != null && caller.isAuthenticated()
                && !(caller instanceof AnonymousAuthenticationToken) && names.grant(caller, needed.get()));
    }
}
