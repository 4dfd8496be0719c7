package io.streamgate.pipeline.results;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;

/**
 * Groups of an aggregation: each group's row replaced in place when Spark updates it and moved to the
 * newest end; past the capacity the group updated longest ago goes. A row without a group key (none of
 * an aggregation) is kept as a row of its own.
 */
public final class GroupsTable extends ResultTable {

    /** By group key, least recently written first. */
    private final LinkedHashMap<String, ResultRow> rows = new LinkedHashMap<>();
    private long rowNumber;

    GroupsTable(String query, int capacity, ResultsListener listener) {
        super(query, capacity, listener);
    }

    @Override
    public Shape shape() {
        return Shape.GROUPS;
    }

    @Override
    public synchronized List<ResultRow> latest(int limit) {
        List<ResultRow> all = new ArrayList<>(rows.values());
        List<ResultRow> latest = new ArrayList<>(Math.min(limit, all.size()));
        ListIterator<ResultRow> newestFirst = all.listIterator(all.size());
        while (latest.size() < limit && newestFirst.hasPrevious()) {
            latest.add(newestFirst.previous());
        }
        return latest;
    }

    @Override
    void store(List<ResultRow> oldestFirst) {
        for (ResultRow row : oldestFirst) {
            String key = row.groupKey() != null ? row.groupKey() : "#" + rowNumber++;
            rows.remove(key); // an updated group moves to the newest end
            rows.put(key, row);
            if (rows.size() > capacity) {
                Iterator<String> oldest = rows.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    @Override
    void clearRows() {
        rows.clear();
    }
}
