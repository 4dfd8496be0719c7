package io.streamgate.pipeline;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * A user query's results, never more than the capacity. Rows of a query that does not aggregate are kept
 * newest first, the oldest dropped. Rows of an aggregation are groups: each group's row is replaced in
 * place when Spark updates it, the group updated longest ago dropped past the capacity, and complete
 * output replaces the whole table with each batch.
 */
public final class ResultTable {

    private final int capacity;
    /** By group key (or a row's own number for plain rows), least recently written first. */
    private final LinkedHashMap<String, JsonNode> rows = new LinkedHashMap<>(16, 0.75f, true);
    private final java.util.function.Consumer<List<JsonNode>> written;
    private long rowNumber;

    public ResultTable(int capacity) {
        this(capacity, rows -> { });
    }

    /** @param written told of each write's rows, newest first, outside the table's lock */
    ResultTable(int capacity, java.util.function.Consumer<List<JsonNode>> written) {
        this.capacity = capacity;
        this.written = written;
    }

    /**
     * @param keyed each row with its group key, null for plain rows; in the order Spark wrote them
     * @param replaceAll true for complete output: the batch is the whole table
     */
    public void write(List<Map.Entry<String, JsonNode>> keyed, boolean replaceAll) {
        synchronized (this) {
            store(keyed, replaceAll);
        }
        List<JsonNode> newestFirst = new ArrayList<>(keyed.size());
        for (int i = keyed.size() - 1; i >= 0; i--) {
            newestFirst.add(keyed.get(i).getValue());
        }
        written.accept(newestFirst);
    }

    private void store(List<Map.Entry<String, JsonNode>> keyed, boolean replaceAll) {
        if (replaceAll) {
            rows.clear();
        }
        for (Map.Entry<String, JsonNode> row : keyed) {
            String key = row.getKey() != null ? row.getKey() : "#" + rowNumber++;
            rows.remove(key); // an updated group moves to the newest end
            rows.put(key, row.getValue());
            if (rows.size() > capacity) {
                Iterator<String> oldest = rows.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Newest (or most recently updated) first. */
    public synchronized List<JsonNode> latest(int limit) {
        List<JsonNode> all = new ArrayList<>(rows.values());
        List<JsonNode> latest = new ArrayList<>(Math.min(limit, all.size()));
        ListIterator<JsonNode> newestFirst = all.listIterator(all.size());
        while (latest.size() < limit && newestFirst.hasPrevious()) {
            latest.add(newestFirst.previous());
        }
        return latest;
    }

    public synchronized int size() {
        return rows.size();
    }

    public synchronized void clear() {
        rows.clear();
    }

    public int capacity() {
        return capacity;
    }
}
