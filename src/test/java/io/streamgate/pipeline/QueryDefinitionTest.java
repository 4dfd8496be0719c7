package io.streamgate.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryDefinitionTest {

    private static final PipelineProperties DEFAULTS = TestPipelineProperties.with(Map.of(
            "schema", "id BIGINT NOT NULL", "starting-offsets", "latest", "trigger", "100 ms"));

    @Test
    void anEmptyRequestTakesTheDefaults() {
        QueryDefinition definition = QueryDefinition.of(DEFAULTS, "testTopic", null, null, null, null);
        assertThat(definition.startingOffsets()).isEqualTo("latest");
        assertThat(definition.trigger()).isEqualTo("100 ms");
        assertThat(definition.schema().ddl()).isEqualTo("id BIGINT NOT NULL");
        assertThat(definition.mode()).isEqualTo(QueryMode.MICRO_BATCH);
    }

    @Test
    void triggersTakeSpringAndSparkIntervalForms() {
        assertThat(QueryDefinition.of(DEFAULTS, "testTopic", null, "500 ms", null, null).triggerMillis()).isEqualTo(500);
        assertThat(QueryDefinition.of(DEFAULTS, "testTopic", null, "2s", null, null).triggerMillis()).isEqualTo(2000);
        assertThat(QueryDefinition.of(DEFAULTS, "testTopic", null, "1 minute", null, null).triggerMillis()).isEqualTo(60_000);
        assertThat(QueryDefinition.of(DEFAULTS, "testTopic", null, "0 ms", null, null).triggerMillis()).isZero();
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> QueryDefinition.of(DEFAULTS, "testTopic", "yesterday", null, null, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> QueryDefinition.of(DEFAULTS, "testTopic", null, "soon", null, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> QueryDefinition.of(DEFAULTS, "testTopic", null, "-5s", null, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> QueryDefinition.of(DEFAULTS, "testTopic", null, null, "id NOPE", null)).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void realTimeModeTakesTheTriggerAsItsCheckpointInterval() {
        QueryDefinition definition = QueryDefinition.of(DEFAULTS, "testTopic", null, null, null, "real-time");
        assertThat(definition.mode()).isEqualTo(QueryMode.REAL_TIME);
        assertThat(definition.trigger()).isEqualTo("60s"); // real-time.batch-duration, not 100 ms
        assertThat(definition.triggerMillis()).isEqualTo(60_000);
        assertThat(QueryDefinition.of(DEFAULTS, "testTopic", null, "1 minute", null, "real-time").triggerMillis()).isEqualTo(60_000);
    }

    @Test
    void realTimeModeRefusesWhatSparkWouldRefuse() {
        assertThatThrownBy(() -> QueryDefinition.of(DEFAULTS, "testTopic", null, "500 ms", null, "real-time"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("checkpoint interval, at least 5s");
        assertThatThrownBy(() -> QueryDefinition.of(DEFAULTS, "testTopic", null, null, null, "continuous"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("'micro-batch' or 'real-time'");
    }
}
