package io.streamgate.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Optional API key, with Spring Security's own {@link AuthenticationFilter}: the key is read from a
 * header, checked by an {@link AuthenticationManager}, and a missing or wrong key is a 401 with
 * problem details. Health, metrics and the API docs stay open, but health's details (disk paths,
 * the Kafka cluster's id and nodes, Spark's master) go to authenticated callers only
 * ({@code show-details: when-authorized}): with a key, those who send it; with none, everyone.
 * Stateless: no session, no cookie, hence no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String API_KEY_HEADER = "X-API-Key";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties security, ProblemResponses problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable());
        if (!security.enabled()) {
            // No key: the API is open, and every caller counts as its client (health details included).
            AuthenticationManager acceptsAll = SecurityConfiguration::authenticated;
            AuthenticationFilter everyone = new AuthenticationFilter(acceptsAll,
                    request -> new PreAuthenticatedAuthenticationToken("api-client", ""));
            everyone.setSuccessHandler((request, response, authentication) -> { });
            return http.addFilterBefore(everyone, AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
        }
        AuthenticationEntryPoint unauthorized = (request, response, e) -> problems.write(request, response,
                HttpStatus.UNAUTHORIZED, "A valid API key is required in the " + API_KEY_HEADER + " header");
        AuthenticationFilter apiKeyFilter = new AuthenticationFilter(apiKeyManager(security.apiKey()), request -> {
            String key = request.getHeader(API_KEY_HEADER);
            return key == null ? null : new PreAuthenticatedAuthenticationToken("api-client", key);
        });
        apiKeyFilter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
        apiKeyFilter.setSuccessHandler((request, response, authentication) -> { });
        return http
                .addFilterBefore(apiKeyFilter, AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/messages/**", "/messages", "/queries/**", "/queries", "/topics/**", "/topics").authenticated()
                        .anyRequest().permitAll())
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

    private static AuthenticationManager apiKeyManager(String expected) {
        byte[] expectedBytes = expected.getBytes(StandardCharsets.UTF_8);
        return authentication -> {
            byte[] given = String.valueOf(authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expectedBytes, given)) { // constant time: no timing hint at the key
                throw new BadCredentialsException("Wrong API key");
            }
            return authenticated(authentication);
        };
    }

    private static PreAuthenticatedAuthenticationToken authenticated(Authentication caller) {
        return new PreAuthenticatedAuthenticationToken(caller.getPrincipal(), null,
                AuthorityUtils.createAuthorityList("ROLE_API_CLIENT"));
    }
}
