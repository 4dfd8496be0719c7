package io.streamgate.pipeline;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A query with a 0 ms trigger and nothing to read asks its source again a few times a second, not every
 * 10 ms as with Spark's own polling delay (with it this test fails: 127 looks in 2 s).
 */
class IdlePollingTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("idle-polling-test");
        // Every trigger that finds nothing is reported (a QueryIdleEvent), so that each look is counted.
        spark.conf().set("spark.sql.streaming.noDataProgressEventInterval", "0");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void anIdleQueryLooksForNewRecordsFiveTimesASecond(@TempDir Path input, @TempDir Path checkpoint) throws Exception {
        AtomicInteger looks = new AtomicInteger();
        StreamingQueryListener counter = new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {
            }

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
            }

            @Override
            public void onQueryIdle(QueryIdleEvent event) {
                looks.incrementAndGet();
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {
            }
        };
        spark.streams().addListener(counter);
        Files.writeString(input.resolve("one.json"), "{\"id\": 1}\n"); // a first batch, then nothing
        StreamingQuery query = spark.readStream().schema("id INT").json(input.toString()).writeStream().format("noop")
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.ProcessingTime(0)).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> looks.get() > 0);
            int before = looks.get();
            Thread.sleep(WINDOW.toMillis());
            assertThat(looks.get() - before).as("looks at an empty source in %s", WINDOW).isBetween(1, 15);
        } finally {
            query.stop();
            spark.streams().removeListener(counter);
        }
    }
}
