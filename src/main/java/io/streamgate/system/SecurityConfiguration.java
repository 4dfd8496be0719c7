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

    /** The API's keys, and bearer tokens when Spring Boot has a decoder for them. */
    @Bean
    ApiCredentials apiCredentials(SecurityProperties security, ObjectProvider<JwtDecoder> tokens) {
        return new ApiCredentials(new ApiKeys(security), tokens.getIfAvailable());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties security, ApiCredentials credentials,
                                    ProblemResponses problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable());
        if (credentials.open()) {
            // No key, no token issuer: the API is open, and every caller counts as its client (health details included).
            AuthenticationManager acceptsAll = caller -> new PreAuthenticatedAuthenticationToken(caller.getPrincipal(),
                    null, AuthorityUtils.createAuthorityList("ROLE_API_CLIENT"));
            AuthenticationFilter everyone = new AuthenticationFilter(acceptsAll,
                    request -> new PreAuthenticatedAuthenticationToken("api-client", ""));
            everyone.setSuccessHandler((request, response, authentication) -> { });
            return http.addFilterBefore(everyone, AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
        }
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            if (e instanceof TokenIssuerUnavailableException) {
                problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            } else {
                problems.write(request, response, HttpStatus.UNAUTHORIZED, credentials.required());
            }
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                "This needs the scope " + Scope.requiredBy(request).map(security.scopes()::of).orElse("?")
                        + ", which the caller's key or token does not have");
        if (!credentials.keys().isEmpty()) {
            AuthenticationFilter apiKeyFilter = new AuthenticationFilter(credentials.keys()::authenticate, request -> {
                String key = request.getHeader(API_KEY_HEADER);
                return key == null ? null : new PreAuthenticatedAuthenticationToken("api-key", key);
            });
            apiKeyFilter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
            apiKeyFilter.setSuccessHandler((request, response, authentication) -> { });
            http.addFilterBefore(apiKeyFilter, AnonymousAuthenticationFilter.class);
        }
        if (credentials.tokens().isPresent()) {
            http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(credentials.tokens().get()))
                    .authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        }
        return http
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(auth -> auth.anyRequest().access(new ScopeRule(security.scopes())))
                .build();
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
