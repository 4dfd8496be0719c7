package io.streamgate.live;

import io.streamgate.IntegrationTest;
import io.streamgate.StreamgateApplication;
import io.streamgate.live.LiveStreamsTest.EventStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the service with streams open (a console left open in a browser): the streams end first, so
 * the web server's graceful shutdown does not wait its whole timeout for requests that never finish.
 */
@Tag(IntegrationTest.OWN_JVM)
class LiveShutdownTest {

    @Test
    void stoppingTheServiceEndsItsStreamsInsteadOfWaitingForThem() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(StreamgateApplication.class).run(
                "--spring.profiles.active=test", "--server.port=0",
                // Were the streams left open, the graceful shutdown would wait this long for them.
                "--spring.lifecycle.timeout-per-shutdown-phase=180s");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        TopicTail tails = app.getBean(TopicTail.class);
        Subscribers subscribers = app.getBean(Subscribers.class);
        EventStream tail = new EventStream(port, "/topics/testTopic/tail", null);
        EventStream query = new EventStream(port, "/queries/streamgate/events", null);
        query.next("state");
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 1 && subscribers.open() == 2);

        long start = System.nanoTime();
        app.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);

        assertThat(tail.awaitEnd(Duration.ofSeconds(5))).as("the tail's client sees its stream end").isTrue();
        assertThat(query.awaitEnd(Duration.ofSeconds(5))).as("the query stream's client too").isTrue();
        assertThat(closing).as("well inside the graceful shutdown's 180 s").isLessThan(Duration.ofSeconds(90));
        assertThat(subscribers.open()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> tails.consumers() == 0);
        assertThatThrownBy(() -> subscribers.open("late", closed -> { }))
                .as("a stream asked for meanwhile is refused (a 503)").isInstanceOf(ShuttingDownException.class);
    }
}
