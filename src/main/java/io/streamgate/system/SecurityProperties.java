package io.streamgate.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.core.Authentication;

import java.util.Map;
import java.util.Set;

/**
 * Who may use the API. With no key and no token issuer set, the API is open (local use).
 *
 * @param apiKey  one key that may do everything ({@code read}, {@code produce}, {@code operate}), sent in
 *                the {@code X-API-Key} header; empty for none
 * @param apiKeys keys by name, each with the scopes it may use: {@code streamgate.security.api-keys.ci.key=…},
 *                {@code streamgate.security.api-keys.ci.scopes=read,produce}
 * @param scopes  the value that stands for each scope in a token's {@code scope} (or {@code scp}) claim
 */
@ConfigurationProperties("streamgate.security")
public record SecurityProperties(@DefaultValue("") String apiKey, Map<String, ApiKey> apiKeys,
                                 @DefaultValue ScopeNames scopes) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
    }

    /**
     * @param key    the key, sent in {@code X-API-Key}
     * @param scopes what it may do: {@code read}, {@code produce}, {@code operate}
     */
    public record ApiKey(String key, Set<Scope> scopes) {
    }

    /**
     * The claim values of the scopes, when the organisation already has names of its own.
     *
     * @param read    the scope of every GET: results, status, definitions, the live streams
     * @param produce the scope of {@code POST /messages} and {@code /messages/batch}, and of the same under
     *                {@code /topics/{topic}}
     * @param operate the scope of start, stop, {@code PUT} and {@code DELETE} of queries
     */
    public record ScopeNames(@DefaultValue("streamgate:read") String read,
                             @DefaultValue("streamgate:produce") String produce,
                             @DefaultValue("streamgate:operate") String operate) {

        String of(Scope scope) {
            return switch (scope) {
                case READ -> read;
                case PRODUCE -> produce;
                case OPERATE -> operate;
            };
        }

        /** The authority a caller with the scope has: as Spring Security names a token's scopes. */
        String authority(Scope scope) {
            return "SCOPE_" + of(scope);
        }

        /** Whether the caller, authenticated by a key or a token, has the scope. */
        boolean grant(Authentication caller, Scope scope) {
            String authority = authority(scope);
            return caller.getAuthorities().stream().anyMatch(granted -> authority.equals(granted.getAuthority()));
        }
    }
}
