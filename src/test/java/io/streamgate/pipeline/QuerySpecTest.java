package io.streamgate.pipeline;

import io.streamgate.system.InvalidRequestException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuerySpecTest {

    private static final PipelineProperties DEFAULTS = TestPipelineProperties.with(Map.of(
            "schema", "id BIGINT NOT NULL", "starting-offsets", "latest", "trigger", "100 ms"));

    @Test
    void anEmptyRequestTakesTheDefaultsAndResumesFromTheCheckpoint() {
        QuerySpec spec = QuerySpec.of(DEFAULTS, null, null, null, null);
        assertThat(spec.startingOffsets()).isEqualTo("latest");
        assertThat(spec.trigger()).isEqualTo("100 ms");
        assertThat(spec.schema().ddl()).isEqualTo("id BIGINT NOT NULL");
        assertThat(spec.fromScratch()).isFalse();
    }

    @Test
    void explicitStartingOffsetsStartFromScratch() {
        assertThat(QuerySpec.of(DEFAULTS, "earliest", null, null, null).fromScratch()).isTrue();
    }

    @Test
    void triggersTakeSpringAndSparkIntervalForms() {
        assertThat(QuerySpec.of(DEFAULTS, null, "500 ms", null, null).sparkTrigger()).isEqualTo(Trigger.ProcessingTime(500));
        assertThat(QuerySpec.of(DEFAULTS, null, "2s", null, null).sparkTrigger()).isEqualTo(Trigger.ProcessingTime(2000));
        assertThat(QuerySpec.of(DEFAULTS, null, "1 minute", null, null).sparkTrigger()).isEqualTo(Trigger.ProcessingTime(60_000));
        assertThat(QuerySpec.of(DEFAULTS, null, "0 ms", null, null).sparkTrigger()).isEqualTo(Trigger.ProcessingTime(0));
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> QuerySpec.of(DEFAULTS, "yesterday", null, null, null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> QuerySpec.of(DEFAULTS, null, "soon", null, null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> QuerySpec.of(DEFAULTS, null, "-5s", null, null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> QuerySpec.of(DEFAULTS, null, null, "id NOPE", null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void realTimeModeTakesTheTriggerAsItsCheckpointInterval() {
        QuerySpec spec = QuerySpec.of(DEFAULTS, null, null, null, "real-time");
        assertThat(spec.realTime()).isTrue();
        assertThat(spec.sparkTrigger()).isEqualTo(Trigger.RealTime(60_000)); // real-time.batch-duration, not 100 ms
        assertThat(spec.trigger()).isEqualTo("60s");
        assertThat(QuerySpec.of(DEFAULTS, null, "1 minute", null, "real-time").sparkTrigger())
                .isEqualTo(Trigger.RealTime(60_000));
        assertThat(QuerySpec.of(DEFAULTS, null, null, null, null).mode()).isEqualTo(QueryMode.MICRO_BATCH);
    }

    @Test
    void realTimeModeRefusesWhatSparkWouldRefuse() {
        assertThatThrownBy(() -> QuerySpec.of(DEFAULTS, null, "500 ms", null, "real-time"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("checkpoint interval, at least 5s");
        assertThatThrownBy(() -> QuerySpec.of(DEFAULTS, null, null, null, "continuous"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'micro-batch' or 'real-time'");
    }

    @Test
    void aResumedSpecKeepsItsOptionsButNotTheFreshStart() {
        QuerySpec spec = QuerySpec.of(DEFAULTS, "earliest", "10s", null, "real-time").resumed();
        assertThat(spec.fromScratch()).isFalse();
        assertThat(spec.mode()).isEqualTo(QueryMode.REAL_TIME);
        assertThat(spec.trigger()).isEqualTo("10s");
    }
}
