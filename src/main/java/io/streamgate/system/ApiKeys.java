package io.streamgate.system;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The API keys, each with its name and scopes: {@code streamgate.security.api-key} may do everything,
 * and each of {@code streamgate.security.api-keys} what its scopes say. A key given is compared with
 * every key in constant time, so that the answer's time tells nothing of any key.
 */
final class ApiKeys {

    private record Key(String name, byte[] secret, List<GrantedAuthority> authorities) {
    }

    private final List<Key> keys = new ArrayList<>();

    ApiKeys(SecurityProperties security) {
        if (security.apiKey() != null && !security.apiKey().isBlank()) {
            keys.add(key("api-key", security.apiKey(), EnumSet.allOf(Scope.class), security.scopes()));
        }
        security.apiKeys().forEach((name, key) -> keys.add(key(name, key.key(),
                key.scopes() == null ? Set.of() : key.scopes(), security.scopes())));
    }

    private static Key key(String name, String secret, Set<Scope> scopes, SecurityProperties.ScopeNames names) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("The API key '" + name + "' has no key (streamgate.security.api-keys."
                    + name + ".key)");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority(names.authority(scope))));
        return new Key(name, secret.getBytes(StandardCharsets.UTF_8), List.copyOf(authorities));
    }

    /** No key is set: API keys are off. */
    boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The key's caller, with its scopes. Not an {@code AuthenticationManager}: as a bean, Spring Security
     * would take it as the parent of every other, and a bearer token that failed would be tried as a key too.
     */
    Authentication authenticate(Authentication caller) {
        byte[] given = String.valueOf(caller.getCredentials()).getBytes(StandardCharsets.UTF_8);
        Key match = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.secret(), given)) { // constant time, and every key is compared
                match = key;
            }
        }
        if (match == null) {
            throw new BadCredentialsException("Wrong API key");
        }
        return new PreAuthenticatedAuthenticationToken(match.name(), null, match.authorities());
    }
}
