package io.streamgate.pipeline.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Intervals in Spring's form and Spark's, up to a year; nothing past it, nothing that overflows. */
class IntervalTest {

    @Test
    void bothFormsAreReadToMilliseconds() {
        assertThat(Interval.millis("trigger", "500 ms")).isEqualTo(500);
        assertThat(Interval.millis("trigger", "2s")).isEqualTo(2000);
        assertThat(Interval.millis("trigger", "1 minute")).isEqualTo(60_000);
        assertThat(Interval.millis("trigger", "0 ms")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"365d", "365 days", "8760h", "31536000000ms", "525600 minutes"})
    void aYearIsTheLongest(String interval) {
        assertThat(Interval.millis("trigger", interval)).isEqualTo(Interval.MAX.toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"366d", "366 days", "8761h", "31536000001ms", "99999999999999h", "9223372036854775807ms",
            "1 week 999999999 days"})
    void pastAYearIsRefusedWithoutOverflowing(String interval) {
        assertThatThrownBy(() -> Interval.millis("watermark", interval)).isInstanceOf(InvalidQueryException.class)
                .hasMessageStartingWith("watermark must be at most 365 days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5s", "-1 second", "1 month", "9999999999999999999 days", "106751991167 days", ""})
    void whatIsNoIntervalIsRefused(String interval) {
        assertThatThrownBy(() -> Interval.millis("trigger", interval)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("trigger");
    }

    @Test
    void aTextLongerThanAnyIntervalIsNotRead() {
        assertThatThrownBy(() -> Interval.millis("trigger", "1".repeat(100) + " ms")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("at most 64");
        assertThatThrownBy(() -> Interval.millis("trigger", null)).isInstanceOf(InvalidQueryException.class);
    }
}
