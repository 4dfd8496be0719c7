package io.streamgate.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsBufferTest {

    private static ResultsBuffer bufferOf(int capacity) {
        return new ResultsBuffer(TestPipelineProperties.with(Map.of("results.capacity", String.valueOf(capacity))));
    }

    /** A batch's rows, newest first, with offsets from {@code newest} down. */
    private static List<ProcessedRecord> batch(long batchId, long newest, int count) {
        List<ProcessedRecord> rows = new ArrayList<>();
        for (long offset = newest; offset > newest - count; offset--) {
            rows.add(new ProcessedRecord(null, "v" + offset, "t", 0, offset, Instant.EPOCH, "{}", true, null,
                    batchId, Instant.EPOCH));
        }
        return rows;
    }

    private static List<Long> offsets(List<ProcessedRecord> rows) {
        return rows.stream().map(ProcessedRecord::offset).toList();
    }

    @Test
    void latestRowsComeNewestFirstAcrossBatches() {
        ResultsBuffer buffer = bufferOf(10);
        buffer.addBatch(batch(0, 2, 3));
        buffer.addBatch(batch(1, 5, 3));

        assertThat(offsets(buffer.latest(10))).containsExactly(5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(offsets(buffer.latest(2))).containsExactly(5L, 4L);
    }

    @Test
    void neverHoldsMoreThanItsCapacityAndDropsTheOldest() {
        ResultsBuffer buffer = bufferOf(4);
        buffer.addBatch(batch(0, 2, 3));
        buffer.addBatch(batch(1, 9, 7));

        assertThat(offsets(buffer.latest(100))).containsExactly(9L, 8L, 7L, 6L);
    }

    @Test
    void rowsCanBeLookedUpByKey() {
        ResultsBuffer buffer = bufferOf(10);
        List<ProcessedRecord> rows = new ArrayList<>(batch(0, 2, 3));
        rows.set(1, new ProcessedRecord("wanted", "v", "t", 0, 1, Instant.EPOCH, "{}", true, null, 0, Instant.EPOCH));
        buffer.addBatch(rows);

        assertThat(offsets(buffer.latest(10, "wanted"))).containsExactly(1L);
        assertThat(buffer.latest(10, "absent")).isEmpty();
    }

    @Test
    void aKeysRowsComeNewestFirstAndLeaveWithTheOldestRows() {
        ResultsBuffer buffer = bufferOf(4);
        buffer.addBatch(List.of(keyed("a", 1), keyed("b", 0)));
        buffer.addBatch(List.of(keyed("a", 3), keyed(null, 2)));

        assertThat(offsets(buffer.latest(10, "a"))).containsExactly(3L, 1L);
        assertThat(offsets(buffer.latest(1, "a"))).containsExactly(3L);

        buffer.addBatch(List.of(keyed("c", 5), keyed("a", 4))); // drops offsets 0 (b) and 1 (a)
        assertThat(offsets(buffer.latest(10, "a"))).containsExactly(4L, 3L);
        assertThat(buffer.latest(10, "b")).isEmpty();

        buffer.addBatch(List.of(keyed("b", 6))); // b comes back after its only row was dropped
        assertThat(offsets(buffer.latest(10, "b"))).containsExactly(6L);

        buffer.clear();
        assertThat(buffer.latest(10, "a")).isEmpty();
    }

    @Test
    void aReplayedRowIsNotIndexedTwice() {
        ResultsBuffer buffer = bufferOf(10);
        buffer.addBatch(List.of(keyed("a", 0)));
        buffer.addBatch(List.of(keyed("a", 1), keyed("a", 0)));

        assertThat(offsets(buffer.latest(10, "a"))).containsExactly(1L, 0L);
    }

    private static ProcessedRecord keyed(String key, long offset) {
        return new ProcessedRecord(key, "v", "t", 0, offset, Instant.EPOCH, "{}", true, null, 0, Instant.EPOCH);
    }

    @Test
    void clearEmptiesIt() {
        ResultsBuffer buffer = bufferOf(4);
        buffer.addBatch(batch(0, 2, 3));
        buffer.clear();
        assertThat(buffer.latest(4)).isEmpty();
    }

    @Test
    void aRecordProcessedAgainIsKeptOnce() {
        ResultsBuffer buffer = bufferOf(10);
        buffer.addBatch(batch(0, 2, 3));
        buffer.addBatch(batch(1, 3, 4)); // replays offsets 0..2 with one new row
        buffer.add(batch(2, 3, 1).get(0));

        assertThat(offsets(buffer.latest(10))).containsExactly(3L, 2L, 1L, 0L);
        assertThat(buffer.latest(10).get(1).batchId()).isZero(); // the first copy stays
    }

    @Test
    void aRowDroppedForCapacityMayComeBack() {
        ResultsBuffer buffer = bufferOf(2);
        buffer.addBatch(batch(0, 2, 3)); // keeps 2, 1
        buffer.addBatch(batch(1, 4, 2)); // keeps 4, 3: 2 and 1 are forgotten
        buffer.add(batch(2, 1, 1).get(0));

        assertThat(offsets(buffer.latest(10))).containsExactly(1L, 4L);
    }
}
