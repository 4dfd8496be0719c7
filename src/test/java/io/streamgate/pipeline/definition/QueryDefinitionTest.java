package io.streamgate.pipeline.definition;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryDefinitionTest {

    private static final PipelineProperties DEFAULTS = TestPipelineProperties.with(Map.of(
            "schema", "id BIGINT NOT NULL", "starting-offsets", "latest", "trigger", "100 ms"));

    /** The defaults' definition of the built-in select, with these options on top. */
    private static QueryDefinition of(String topic, String startingOffsets, String trigger, String schema, String mode) {
        return DEFAULTS.definition(topic, startingOffsets, trigger, schema, mode, new Select.BuiltIn(), Sinks.NONE);
    }

    @Test
    void anEmptyRequestTakesTheDefaults() {
        QueryDefinition definition = of("testTopic", null, null, null, null);
        assertThat(definition.startingOffsets()).isEqualTo("latest");
        assertThat(definition.trigger()).isEqualTo("100 ms");
        assertThat(definition.schema().ddl()).isEqualTo("id BIGINT NOT NULL");
        assertThat(definition.mode()).isEqualTo(QueryMode.MICRO_BATCH);
    }

    @Test
    void triggersTakeSpringAndSparkIntervalForms() {
        assertThat(of("testTopic", null, "500 ms", null, null).triggerMillis()).isEqualTo(500);
        assertThat(of("testTopic", null, "2s", null, null).triggerMillis()).isEqualTo(2000);
        assertThat(of("testTopic", null, "1 minute", null, null).triggerMillis()).isEqualTo(60_000);
        assertThat(of("testTopic", null, "0 ms", null, null).triggerMillis()).isZero();
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> of("testTopic", "yesterday", null, null, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> of("testTopic", null, "soon", null, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> of("testTopic", null, "-5s", null, null)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> of("testTopic", null, null, "id NOPE", null)).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void realTimeModeTakesTheTriggerAsItsCheckpointInterval() {
        QueryDefinition definition = of("testTopic", null, null, null, "real-time");
        assertThat(definition.mode()).isEqualTo(QueryMode.REAL_TIME);
        assertThat(definition.trigger()).isEqualTo("300s"); // real-time.batch-duration, not 100 ms
        assertThat(definition.triggerMillis()).isEqualTo(300_000);
        assertThat(of("testTopic", null, "1 minute", null, "real-time").triggerMillis()).isEqualTo(60_000);
    }

    @Test
    void realTimeModeRefusesWhatSparkWouldRefuse() {
        assertThatThrownBy(() -> of("testTopic", null, "500 ms", null, "real-time"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("checkpoint interval, at least 5s");
        assertThatThrownBy(() -> of("testTopic", null, null, null, "continuous"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("'micro-batch' or 'real-time'");
    }
}
