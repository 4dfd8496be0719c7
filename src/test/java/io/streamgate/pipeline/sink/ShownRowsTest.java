package io.streamgate.pipeline.sink;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows shown, chosen in each task and merged on the driver, as ORDER BY … LIMIT or a plain LIMIT would choose them. */
class ShownRowsTest {

    /** Rows of (timestamp in microseconds, offset), as Spark's tasks hold them. */
    private static InternalRow row(long micros, long offset) {
        return new GenericInternalRow(new Object[] {micros, offset});
    }

    @Test
    void eachTaskKeepsItsNewestByTimestampThenOffset() {
        ShownRows.Choice choice = new ShownRows.Newest(0, 1, 2).inTask();
        // A late record (offset 3, an older timestamp) is not among the newest; offsets break ties of time.
        List.of(row(10, 0), row(30, 1), row(30, 2), row(5, 3)).forEach(choice::offer);

        assertThat(choice.kept()).extracting(kept -> kept.getLong(1)).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void theDriverMergesTheTasksNewestOldestFirst() {
        ShownRows newest = new ShownRows.Newest(0, 1, 3);

        List<InternalRow> shown = newest.merged(List.of(
                List.of(row(1_000_001, 7), row(3_000_000, 8)),
                List.of(row(2_000_000, 1), row(1_000_000, 9)),
                List.of()));

        assertThat(shown).extracting(row -> row.getLong(1)).containsExactly(7L, 1L, 8L);
    }

    @Test
    void firstRowsAreTakenInPartitionOrder() {
        ShownRows first = new ShownRows.First(3);
        ShownRows.Choice choice = first.inTask();
        List.of(row(1, 0), row(2, 1), row(3, 2), row(4, 3)).forEach(choice::offer);

        assertThat(choice.kept()).hasSize(3);
        assertThat(first.merged(List.of(List.of(row(9, 0), row(9, 1)), List.of(row(1, 2), row(1, 3)))))
                .extracting(row -> row.getLong(1)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void noneWantedKeepsNone() {
        ShownRows.Choice choice = new ShownRows.Newest(0, 1, 0).inTask();
        choice.offer(row(1, 0));

        assertThat(choice.kept()).isEmpty();
    }
}
