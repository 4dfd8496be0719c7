package io.streamgate.live;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The live streams: server-sent events of topics and queries.
 *
 * @param maxSubscribers  streams open at once, over all topics and queries; past it a 429
 * @param heartbeat       how often an idle stream gets a comment, so proxies keep it open and a gone client is noticed
 * @param replay          events kept per query for clients that resume with {@code Last-Event-ID} (with no
 *                        more rows than the query's results keep)
 * @param subscriberQueue events waiting for one slow client; past it the oldest are dropped and a {@code gap} event says so
 * @param rowsPerEvent    result rows in one {@code rows} event; a batch with more sends its newest
 * @param tailFetchesPerSecond Kafka fetches all topic tails make together, at most, while records flow: with n
 *                        tails open each pauses 2n / this seconds between rounds of two fetches, taking what came
 *                        meanwhile at once
 */
@Validated
@ConfigurationProperties("streamgate.live")
public record LiveProperties(
        @DefaultValue("100") @Min(1) int maxSubscribers,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("1000") @Min(1) int replay,
        @DefaultValue("1000") @Min(1) int subscriberQueue,
        @DefaultValue("100") @Min(1) int rowsPerEvent,
        @DefaultValue("1000") @Min(1) int tailFetchesPerSecond) {
}
