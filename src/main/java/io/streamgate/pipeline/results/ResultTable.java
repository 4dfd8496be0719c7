package io.streamgate.pipeline.results;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's results in memory, never more than its capacity: rows kept newest first
 * ({@link RowsTable}), or groups updated in place ({@link GroupsTable}), as the query's rows are.
 * Each write's rows go to the listener, newest first, outside the table's lock.
 */
public abstract sealed class ResultTable permits RowsTable, GroupsTable {

    /** What a table keeps, from what the query's rows are. */
    public enum Shape {
        /** Records of the built-in select: each kept once, indexed by its key. */
        RECORDS,
        /** Rows of a query that does not aggregate, or whose groups cannot be told apart. */
        ROWS,
        /** Groups of an aggregation, each row replacing its group's. */
        GROUPS
    }

    private final String query;
    private final ResultsListener listener;
    final int capacity;

    ResultTable(String query, int capacity, ResultsListener listener) {
        this.query = query;
        this.capacity = capacity;
        this.listener = listener;
    }

    public static ResultTable of(Shape shape, String query, int capacity, ResultsListener listener) {
        return switch (shape) {
            case RECORDS -> new RowsTable(query, capacity, true, listener);
            case ROWS -> new RowsTable(query, capacity, false, listener);
            case GROUPS -> new GroupsTable(query, capacity, listener);
        };
    }

    public abstract Shape shape();

    /** @param rows in the order Spark wrote them, oldest first */
    public final void write(List<ResultRow> rows) {
        synchronized (this) {
            store(rows);
        }
        written(rows);
    }

    /** Complete output: the rows are the whole table. */
    public final void replace(List<ResultRow> rows) {
        synchronized (this) {
            clearRows();
            store(rows);
        }
        written(rows);
    }

    /** Newest (or most recently updated) first. */
    public abstract List<ResultRow> latest(int limit);

    /** The newest rows that are records with that key. */
    public List<ResultRow> latest(int limit, String recordKey) {
        return latest(capacity).stream().filter(row -> recordKey.equals(row.recordKey())).limit(limit).toList();
    }

    public final synchronized void clear() {
        clearRows();
    }

    public final int capacity() {
        return capacity;
    }

    /** Called with the table's lock held. */
    abstract void store(List<ResultRow> oldestFirst);

    /** Called with the table's lock held. */
    abstract void clearRows();

    private void written(List<ResultRow> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            return;
        }
        List<ResultRow> newestFirst = new ArrayList<>(oldestFirst.size());
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            newestFirst.add(oldestFirst.get(i));
        }
        listener.written(query, newestFirst);
    }
}
