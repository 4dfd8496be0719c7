package io.streamgate.queries;

import io.streamgate.kafka.KafkaAdminUnavailableException;
import io.streamgate.pipeline.QueryStartRefusedExceptions;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.spark.SparkUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Each thing a start can throw, sorted into what the caller is told: none of them a bare 500. */
class StartFailuresTest {

    private static final QueryStatus STATUS = QueryStatus.notStarted("streamgate", Restarts.Snapshot.NONE, null);

    private static RuntimeException sorted(Exception failure) {
        return StartFailures.sort("streamgate", failure, () -> STATUS);
    }

    @Test
    void sparkRefusingTheCheckpointIsAConflictThatAFreshStartResolves() {
        RuntimeException sorted = sorted(QueryStartRefusedExceptions.of(new IllegalStateException("offsets/0 is corrupt")));
        assertThat(sorted).isInstanceOf(QueryStateException.class)
                .hasMessage("Spark refused to start the query: offsets/0 is corrupt (start with startingOffsets to begin "
                        + "from a new checkpoint)");
    }

    @Test
    void sparkNotStartingInTimeIsSparkUnavailable() {
        assertThat(sorted(new TimeoutException())).isInstanceOf(SparkUnavailableException.class).hasMessageContaining("in time");
    }

    @Test
    void refusalsThatSayWhatIsWrongPassAsTheyAre() {
        InvalidQueryException invalid = new InvalidQueryException("trigger must be an interval");
        KafkaAdminUnavailableException kafka = new KafkaAdminUnavailableException("Kafka did not answer", null);
        assertThat(sorted(invalid)).isSameAs(invalid);
        assertThat(sorted(kafka)).isSameAs(kafka);
    }

    @Test
    void anythingElseSaysWhatFailedInsteadOfBlamingSpark() {
        RuntimeException sorted = sorted(new UncheckedIOException("Cannot delete file:/data/x", new IOException("read-only")));
        assertThat(sorted).isInstanceOf(QueryStartFailedException.class)
                .hasMessage("Starting query 'streamgate' failed: UncheckedIOException: Cannot delete file:/data/x")
                .hasCauseInstanceOf(UncheckedIOException.class);
    }
}
