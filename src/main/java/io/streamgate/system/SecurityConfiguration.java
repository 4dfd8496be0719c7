package io.streamgate.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Who may do what: API keys with their scopes, read from a header by Spring Security's own
 * {@link AuthenticationFilter}, and OAuth2 bearer tokens (JWT) when Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} is set. Each request needs one {@link Scope}, or
 * none (health, metrics, the API docs and the console stay open). No credentials, or bad ones, is a 401
 * problem; credentials without the scope, a 403 problem that names it. Health's details (disk paths,
 * the Kafka cluster's id and nodes, Spark's master) go to authenticated callers only
 * ({@code show-details: when-authorized}): with security on, those who authenticate; with none,
 * everyone. Stateless: no session, no cookie, hence no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String API_KEY_HEADER = "X-API-Key";

    /** The API's keys, for the API and the Spark UI alike; empty when none is set. */
    @Bean
    ApiKeys apiKeys(SecurityProperties security) {
        return new ApiKeys(security);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties security, ApiKeys keys,
                                    ProblemResponses problems, ObjectProvider<JwtDecoder> tokens) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable());
        JwtDecoder tokenDecoder = tokens.getIfAvailable();
        if (keys.isEmpty() && tokenDecoder == null) {
            // No key, no token issuer: the API is open, and every caller counts as its client (health details included).
            AuthenticationManager acceptsAll = caller -> new PreAuthenticatedAuthenticationToken(caller.getPrincipal(),
                    null, AuthorityUtils.createAuthorityList("ROLE_API_CLIENT"));
            AuthenticationFilter everyone = new AuthenticationFilter(acceptsAll,
                    request -> new PreAuthenticatedAuthenticationToken("api-client", ""));
            everyone.setSuccessHandler((request, response, authentication) -> { });
            return http.addFilterBefore(everyone, AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
        }
        String needed = !keys.isEmpty() && tokenDecoder != null ? "An API key in the " + API_KEY_HEADER
                + " header, or a bearer token," : !keys.isEmpty() ? "A valid API key in the " + API_KEY_HEADER + " header"
                : "A valid bearer token";
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            if (e instanceof TokenIssuerUnavailableException) {
                problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            } else {
                problems.write(request, response, HttpStatus.UNAUTHORIZED, needed + " is required");
            }
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                "This needs the scope " + Scope.requiredBy(request).map(security.scopes()::of).orElse("?")
                        + ", which the caller's key or token does not have");
        if (!keys.isEmpty()) {
            AuthenticationFilter apiKeyFilter = new AuthenticationFilter(keys::authenticate, request -> {
                String key = request.getHeader(API_KEY_HEADER);
                return key == null ? null : new PreAuthenticatedAuthenticationToken("api-key", key);
            });
            apiKeyFilter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
            apiKeyFilter.setSuccessHandler((request, response, authentication) -> { });
            http.addFilterBefore(apiKeyFilter, AnonymousAuthenticationFilter.class);
        }
        if (tokenDecoder != null) {
            http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(reachingIssuer(tokenDecoder)))
                    .authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        }
        return http
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(auth -> auth.anyRequest().access(new ScopeRule(security.scopes())))
                .build();
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

    /**
     * No Spring Security observations. They are for tracing, which this app does not do, and with
     * Actuator's observation registry Spring Security otherwise wraps each of its filters in an
     * observation on every request (a profile under load showed the wrappers; switching the
     * observations off by property still left them in place, only as no-ops).
     * {@code http.server.requests} still times every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
