package io.streamgate.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * @param maxBodySize largest request body the API reads; larger ones get 413
 * @param bodyTimeout how long a request's body may take to arrive whole, from the request's start; a slower
 *                    one gets 408 and its connection is closed (requests without a body, such as the event
 *                    streams, have no such bound)
 */
@ConfigurationProperties("streamgate.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("30s") Duration bodyTimeout) {
}
