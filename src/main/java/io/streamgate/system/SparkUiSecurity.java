package io.streamgate.system;

import io.streamgate.pipeline.spark.SparkSettingsContributor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * The Spark UI follows the API's security: with any authentication on, its pages need the API's key or
 * token with the read scope ({@link SparkUiFilter}), and it cannot kill jobs or stages
 * ({@code spark.ui.killEnabled=false}). With none, it stays as Spark makes it.
 */
@Component
class SparkUiSecurity implements SparkSettingsContributor {

    private final boolean on;

    SparkUiSecurity(SecurityProperties security, ApiCredentials credentials) {
        this.on = !credentials.open();
        if (on) {
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            SparkUiFilter.install(request -> authenticate(request, credentials, bearer, converter),
                    caller -> security.scopes().grant(caller, Scope.READ));
        }
    }

    @Override
    public Map<String, String> sparkSettings() {
        return on ? Map.of("spark.ui.filters", SparkUiFilter.class.getName(), "spark.ui.killEnabled", "false") : Map.of();
    }

    /** As the API does: a key first, then a bearer token; an issuer that cannot be reached lets no token in. */
    private static Optional<Authentication> authenticate(HttpServletRequest request, ApiCredentials credentials,
                                                         DefaultBearerTokenResolver bearer,
                                                         JwtAuthenticationConverter converter) {
        try {
            String key = request.getHeader(SecurityConfiguration.API_KEY_HEADER);
            if (key != null && !credentials.keys().isEmpty()) {
                return Optional.of(credentials.keys().authenticate(new PreAuthenticatedAuthenticationToken("api-key", key)));
            }
            Optional<JwtDecoder> tokens = credentials.tokens();
            String token = bearer.resolve(request);
            if (token != null && tokens.isPresent()) {
                return Optional.ofNullable(converter.convert(tokens.get().decode(token)));
            }
        } catch (AuthenticationException | JwtException refused) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
