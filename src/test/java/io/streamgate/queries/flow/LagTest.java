package io.streamgate.queries.flow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LagTest {

    @Test
    void eachPartitionsRecordsBetweenTheBatchsEndAndTheLatestAndTheirTotal() {
        Lag lag = Lag.of(List.of(
                new Lag.Offsets("{\"orders\": {\"1\": 40, \"0\": 100}}", "{\"orders\": {\"0\": 150, \"1\": 40}}"),
                new Lag.Offsets("{\"payments\": {\"0\": 7}}", "{\"payments\": {\"0\": 9}}")));

        assertThat(lag.records()).isEqualTo(52);
        assertThat(lag.partitions()).containsExactly(
                new Lag.Partition("orders", 0, 100, 150, 50),
                new Lag.Partition("orders", 1, 40, 40, 0),
                new Lag.Partition("payments", 0, 7, 9, 2));
    }

    @Test
    void aSourceWithoutOffsetsYetAddsNothingAndALatestBehindTheEndCountsAsZero() {
        Lag lag = Lag.of(List.of(new Lag.Offsets(null, null),
                new Lag.Offsets("{\"t\": {\"0\": 10}}", "{\"t\": {\"0\": 8}}"),
                new Lag.Offsets("{\"t\": {\"1\": 10}}", null)));

        assertThat(lag.records()).isZero();
        assertThat(lag.partitions()).containsExactly(new Lag.Partition("t", 0, 10, 8, 0));
    }
}
