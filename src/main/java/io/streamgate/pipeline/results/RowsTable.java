package io.streamgate.pipeline.results;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rows, newest first; past the capacity the oldest go (Spark's memory sink would keep every row it was
 * given). A row that is a record is kept once: a batch Spark processes again after a failure or a stop
 * (real-time mode stops mid-batch) does not show it twice. A table may keep an index on the records'
 * key, so that a lookup by key costs what that key's rows cost, not a scan of the table.
 */
public final class RowsTable extends ResultTable {

    private final Deque<ResultRow> rows;
    private final Set<ResultRow.Origin> origins = new HashSet<>();
    /** Each key's rows, newest first; null without an index. Rows without a key are not indexed. */
    private final Map<String, Deque<ResultRow>> byKey;

    RowsTable(String query, int capacity, boolean indexedByKey, ResultsListener listener) {
        super(query, capacity, listener);
        this.rows = new ArrayDeque<>(Math.min(capacity, 1024));
        this.byKey = indexedByKey ? new HashMap<>() : null;
    }

    @Override
    public Shape shape() {
        return byKey != null ? Shape.RECORDS : Shape.ROWS;
    }

    @Override
    public synchronized List<ResultRow> latest(int limit) {
        return first(rows, limit);
    }

    @Override
    public synchronized List<ResultRow> latest(int limit, String recordKey) {
        if (byKey == null) {
            return super.latest(limit, recordKey);
        }
        return first(Objects.requireNonNullElse(byKey.get(recordKey), List.of()), limit);
    }

    @Override
    void store(List<ResultRow> oldestFirst) {
        for (int i = Math.max(0, oldestFirst.size() - capacity); i < oldestFirst.size(); i++) {
            add(oldestFirst.get(i));
        }
    }

    @Override
    void clearRows() {
        rows.clear();
        origins.clear();
        if (byKey != null) {
            byKey.clear();
        }
    }

    private void add(ResultRow row) {
        ResultRow.Origin origin = row.origin();
        if (origin != null && !origins.add(origin)) {
            return;
        }
        rows.addFirst(row);
        if (byKey != null && row.recordKey() != null) {
            byKey.computeIfAbsent(row.recordKey(), key -> new ArrayDeque<>(1)).addFirst(row);
        }
        if (rows.size() > capacity) {
            forget(rows.removeLast());
        }
    }

    /** The oldest row of all, so also the oldest row of its key. */
    private void forget(ResultRow oldest) {
        if (oldest.origin() != null) {
            origins.remove(oldest.origin());
        }
        if (byKey != null && oldest.recordKey() != null) {
            Deque<ResultRow> sameKey = byKey.get(oldest.recordKey());
            sameKey.removeLast();
            if (sameKey.isEmpty()) {
                byKey.remove(oldest.recordKey());
            }
        }
    }

    private static List<ResultRow> first(Collection<ResultRow> newestFirst, int limit) {
        List<ResultRow> latest = new ArrayList<>(Math.min(limit, newestFirst.size()));
        Iterator<ResultRow> rows = newestFirst.iterator();
        while (latest.size() < limit && rows.hasNext()) {
            latest.add(rows.next());
        }
        return latest;
    }
}
