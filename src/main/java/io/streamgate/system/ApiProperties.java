package io.streamgate.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize largest request body the API reads; larger ones get 413 */
@ConfigurationProperties("streamgate.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
