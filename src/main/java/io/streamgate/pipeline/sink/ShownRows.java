package io.streamgate.pipeline.sink;

import org.apache.spark.sql.catalyst.InternalRow;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Which of a batch's rows the results and the console are given: chosen by each task from the rows that
 * go by it, then merged on the driver, in Spark's internal form (compact to send): only the rows shown
 * are converted. No task keeps more than {@code wanted}, so the driver holds at most tasks ×
 * {@code wanted} rows for a moment, and no Spark job of its own chooses them.
 */
public sealed interface ShownRows extends Serializable {

    /** A new, empty choice for one task's rows. */
    Choice inTask();

    /** The batch's rows shown, oldest first, from what each task chose (in partition order). */
    List<InternalRow> merged(List<List<InternalRow>> byPartition);

    /** One task's rows as they go by; each row it keeps is copied (Spark reuses a row's buffer). */
    interface Choice {

        void offer(InternalRow row);

        /** The rows kept, in the order {@link #merged} takes them. */
        List<InternalRow> kept();
    }

    /**
     * The newest {@code wanted} rows by Kafka timestamp, then offset: a top-K, as
     * {@code ORDER BY timestamp DESC, offset DESC LIMIT wanted} would choose them. A task reads one Kafka
     * partition's offsets in order, and its records' timestamps mostly come in order too: while they do,
     * the rows kept are a queue (the newest in, the oldest out, one comparison a row); the first row out of
     * order turns it into a heap.
     *
     * @param timestamp the ordinal of the rows' timestamp column
     * @param offset    the ordinal of the rows' offset column
     */
    record Newest(int timestamp, int offset, int wanted) implements ShownRows {

        @Override
        public Choice inTask() {
            return new Choice() {
                private final ArrayDeque<InternalRow> inOrder = new ArrayDeque<>();
                private PriorityQueue<InternalRow> newest; // once a row came out of order

                @Override
                public void offer(InternalRow row) {
                    if (wanted == 0) {
                        return;
                    }
                    if (newest == null) {
                        if (inOrder.isEmpty() || compare(row, inOrder.peekLast()) >= 0) {
                            if (inOrder.size() == wanted) {
                                inOrder.pollFirst();
                            }
                            inOrder.addLast(row.copy());
                            return;
                        }
                        newest = new PriorityQueue<>(wanted, Newest.this::compare);
                        newest.addAll(inOrder);
                        inOrder.clear();
                    }
                    if (newest.size() < wanted) {
                        newest.add(row.copy());
                    } else if (compare(row, newest.peek()) > 0) {
                        newest.poll();
                        newest.add(row.copy());
                    }
                }

                @Override
                public List<InternalRow> kept() {
                    return new ArrayList<>(newest != null ? newest : inOrder);
                }
            };
        }

        @Override
        public List<InternalRow> merged(List<List<InternalRow>> byPartition) {
            List<InternalRow> all = new ArrayList<>();
            byPartition.forEach(all::addAll);
            all.sort(this::compare);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - wanted), all.size()));
        }

        /** Oldest first: by timestamp, then offset. */
        private int compare(InternalRow a, InternalRow b) {
            int byTime = Long.compare(a.getLong(timestamp), b.getLong(timestamp));
            return byTime != 0 ? byTime : Long.compare(a.getLong(offset), b.getLong(offset));
        }
    }

    /** The batch's first {@code wanted} rows, in partition order: rows that are not records have no time to go by. */
    record First(int wanted) implements ShownRows {

        @Override
        public Choice inTask() {
            List<InternalRow> first = new ArrayList<>();
            return new Choice() {
                @Override
                public void offer(InternalRow row) {
                    if (first.size() < wanted) {
                        first.add(row.copy());
                    }
                }

                @Override
                public List<InternalRow> kept() {
                    return first;
                }
            };
        }

        @Override
        public List<InternalRow> merged(List<List<InternalRow>> byPartition) {
            List<InternalRow> first = new ArrayList<>();
            for (List<InternalRow> rows : byPartition) {
                first.addAll(rows.subList(0, Math.min(rows.size(), wanted - first.size())));
            }
            return first;
        }
    }
}
