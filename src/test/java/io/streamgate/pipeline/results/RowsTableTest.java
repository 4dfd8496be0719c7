package io.streamgate.pipeline.results;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows newest first within a capacity; records kept once, and looked up by their key. */
class RowsTableTest {

    private static ResultTable records(int capacity) {
        return ResultTable.of(ResultTable.Shape.RECORDS, "q", capacity, ResultsListener.NONE);
    }

    /** A batch's records in the order Spark wrote them, with offsets up to {@code newest}. */
    private static List<ResultRow> batch(long batchId, long newest, int count) {
        List<ResultRow> rows = new ArrayList<>();
        for (long offset = newest; offset > newest - count; offset--) {
            rows.add(new ProcessedRecord(null, "v" + offset, "t", 0, offset, Instant.EPOCH, "{}", true, null,
                    batchId, Instant.EPOCH));
        }
        Collections.reverse(rows);
        return rows;
    }

    private static ProcessedRecord keyed(String key, long offset) {
        return new ProcessedRecord(key, "v", "t", 0, offset, Instant.EPOCH, "{}", true, null, 0, Instant.EPOCH);
    }

    private static List<Long> offsets(List<ResultRow> rows) {
        return rows.stream().map(row -> ((ProcessedRecord) row).offset()).toList();
    }

    @Test
    void latestRowsComeNewestFirstAcrossBatches() {
        ResultTable table = records(10);
        table.write(batch(0, 2, 3));
        table.write(batch(1, 5, 3));

        assertThat(offsets(table.latest(10))).containsExactly(5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(offsets(table.latest(2))).containsExactly(5L, 4L);
    }

    @Test
    void neverHoldsMoreThanItsCapacityAndDropsTheOldest() {
        ResultTable table = records(4);
        table.write(batch(0, 2, 3));
        table.write(batch(1, 9, 7));

        assertThat(offsets(table.latest(100))).containsExactly(9L, 8L, 7L, 6L);
    }

    @Test
    void rowsCanBeLookedUpByKey() {
        ResultTable table = records(10);
        table.write(List.of(keyed(null, 0), keyed("wanted", 1), keyed(null, 2)));

        assertThat(offsets(table.latest(10, "wanted"))).containsExactly(1L);
        assertThat(table.latest(10, "absent")).isEmpty();
    }

    @Test
    void aKeysRowsComeNewestFirstAndLeaveWithTheOldestRows() {
        ResultTable table = records(4);
        table.write(List.of(keyed("b", 0), keyed("a", 1)));
        table.write(List.of(keyed(null, 2), keyed("a", 3)));

        assertThat(offsets(table.latest(10, "a"))).containsExactly(3L, 1L);
        assertThat(offsets(table.latest(1, "a"))).containsExactly(3L);

        table.write(List.of(keyed("a", 4), keyed("c", 5))); // drops offsets 0 (b) and 1 (a)
        assertThat(offsets(table.latest(10, "a"))).containsExactly(4L, 3L);
        assertThat(table.latest(10, "b")).isEmpty();

        table.write(List.of(keyed("b", 6))); // b comes back after its only row was dropped
        assertThat(offsets(table.latest(10, "b"))).containsExactly(6L);

        table.clear();
        assertThat(table.latest(10, "a")).isEmpty();
    }

    @Test
    void aReplayedRowIsNotIndexedTwice() {
        ResultTable table = records(10);
        table.write(List.of(keyed("a", 0)));
        table.write(List.of(keyed("a", 0), keyed("a", 1)));

        assertThat(offsets(table.latest(10, "a"))).containsExactly(1L, 0L);
    }

    @Test
    void clearEmptiesIt() {
        ResultTable table = records(4);
        table.write(batch(0, 2, 3));
        table.clear();
        assertThat(table.latest(4)).isEmpty();
    }

    @Test
    void aRecordProcessedAgainIsKeptOnce() {
        ResultTable table = records(10);
        table.write(batch(0, 2, 3));
        table.write(batch(1, 3, 4)); // replays offsets 0..2 with one new row
        table.write(batch(2, 3, 1));

        assertThat(offsets(table.latest(10))).containsExactly(3L, 2L, 1L, 0L);
        assertThat(((ProcessedRecord) table.latest(10).get(1)).batchId()).isZero(); // the first copy stays
    }

    @Test
    void aRowDroppedForCapacityMayComeBack() {
        ResultTable table = records(2);
        table.write(batch(0, 2, 3)); // keeps 2, 1
        table.write(batch(1, 4, 2)); // keeps 4, 3: 2 and 1 are forgotten
        table.write(batch(2, 1, 1));

        assertThat(offsets(table.latest(10))).containsExactly(1L, 4L);
    }

    @Test
    void rowsThatAreNotRecordsAreKeptAsWrittenWithoutAnIndex() {
        ResultTable table = ResultTable.of(ResultTable.Shape.ROWS, "q", 3, ResultsListener.NONE);
        for (int id = 1; id <= 4; id++) {
            table.write(List.of(new JsonRow(null, JsonMapper.shared().readTree("{\"id\":" + id + "}"))));
        }
        table.write(List.of(new JsonRow(null, JsonMapper.shared().readTree("{\"id\":4}")))); // no identity: kept again
        assertThat(table.latest(10)).extracting(row -> ((JsonRow) row).value().get("id").asInt()).containsExactly(4, 4, 3);
        assertThat(table.latest(10, "any")).isEmpty();
    }
}
