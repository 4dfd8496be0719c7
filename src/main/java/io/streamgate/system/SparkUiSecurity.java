package io.streamgate.system;

import io.streamgate.pipeline.spark.SparkSettingsContributor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
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

    private static final String BEARER = "Bearer ";

    private final boolean on;

    SparkUiSecurity(SecurityProperties security, ApiKeys keys, ObjectProvider<JwtDecoder> tokens) {
        JwtDecoder decoder = tokens.getIfAvailable();
        this.on = !keys.isEmpty() || decoder != null;
        if (on) {
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            SparkUiFilter.install(request -> authenticate(request, keys, decoder, converter),
                    security.scopes().authority(Scope.READ));
        }
    }

    @Override
    public Map<String, String> sparkSettings() {
        return on ? Map.of("spark.ui.filters", SparkUiFilter.class.getName(), "spark.ui.killEnabled", "false") : Map.of();
    }

    private static Optional<Authentication> authenticate(HttpServletRequest request, ApiKeys keys, JwtDecoder decoder,
                                                         JwtAuthenticationConverter converter) {
        try {
            String key = request.getHeader(SecurityConfiguration.API_KEY_HEADER);
            if (key != null && !keys.isEmpty()) {
                return Optional.of(keys.authenticate(new PreAuthenticatedAuthenticationToken("api-key", key)));
            }
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.startsWith(BEARER) && decoder != null) {
                return Optional.ofNullable(converter.convert(decoder.decode(authorization.substring(BEARER.length()))));
            }
        } catch (AuthenticationException | JwtException | JwtDecoderInitializationException refused) {
            return Optional.empty(); // an issuer that cannot be reached lets no token in either
        }
        return Optional.empty();
    }
}
