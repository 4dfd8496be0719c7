package io.streamgate.pipeline.sink;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

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

    /**
     * Rows in order (a queue keeps them), then out of order (a heap from then on), in many random runs: the
     * task keeps what sorting all its rows and taking the newest would.
     */
    @Test
    void rowsInOrderThenOutOfOrderKeepTheNewest() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            int wanted = 1 + random.nextInt(8);
            int inOrder = random.nextInt(30);
            int count = inOrder + random.nextInt(30);
            List<InternalRow> rows = new ArrayList<>();
            long micros = 0;
            for (int offset = 0; offset < count; offset++) {
                micros = offset < inOrder ? micros + random.nextInt(3) : random.nextInt(60); // equal times too
                rows.add(row(micros, offset));
            }
            ShownRows.Choice choice = new ShownRows.Newest(0, 1, wanted).inTask();
            rows.forEach(choice::offer);

            List<Long> expected = rows.stream()
                    .sorted(Comparator.<InternalRow>comparingLong(r -> r.getLong(0)).thenComparingLong(r -> r.getLong(1)))
                    .skip(Math.max(0, rows.size() - wanted)).map(r -> r.getLong(1)).toList();
            assertThat(choice.kept()).as("run %d: %s", run, rows).extracting(kept -> kept.getLong(1))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
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
