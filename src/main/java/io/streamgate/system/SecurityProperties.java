package io.streamgate.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param apiKey when set, {@code /messages/**} and {@code /queries/**} need it in the
 *               {@code X-API-Key} header; empty leaves the API open (local use)
 */
@ConfigurationProperties("streamgate.security")
public record SecurityProperties(@DefaultValue("") String apiKey) {

    boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }
}
