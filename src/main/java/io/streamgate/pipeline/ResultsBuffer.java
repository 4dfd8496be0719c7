package io.streamgate.pipeline;

import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The latest processed rows, newest first, never more than the configured capacity. This is the
 * bounded replacement for Spark's memory sink, which keeps every row it was ever given.
 */
@Component
public class ResultsBuffer {

    private final int capacity;
    private final Deque<ProcessedRecord> rows;

    ResultsBuffer(PipelineProperties properties) {
        this.capacity = properties.results().capacity();
        this.rows = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** @param newestFirst one micro-batch's rows, newest first */
    synchronized void addBatch(List<ProcessedRecord> newestFirst) {
        for (int i = Math.min(newestFirst.size(), capacity) - 1; i >= 0; i--) {
            rows.addFirst(newestFirst.get(i));
        }
        while (rows.size() > capacity) {
            rows.removeLast();
        }
    }

    /** One row, newer than every row before it (real-time mode adds rows one at a time). */
    synchronized void add(ProcessedRecord row) {
        rows.addFirst(row);
        if (rows.size() > capacity) {
            rows.removeLast();
        }
    }

    public List<ProcessedRecord> latest(int limit) {
        return latest(limit, null);
    }

    /** @param key only rows with this record key; null for all */
    public synchronized List<ProcessedRecord> latest(int limit, String key) {
        List<ProcessedRecord> latest = new ArrayList<>(Math.min(limit, rows.size()));
        Iterator<ProcessedRecord> newestFirst = rows.iterator();
        while (latest.size() < limit && newestFirst.hasNext()) {
            ProcessedRecord row = newestFirst.next();
            if (key == null || key.equals(row.key())) {
                latest.add(row);
            }
        }
        return latest;
    }

    public synchronized void clear() {
        rows.clear();
    }

    public int capacity() {
        return capacity;
    }
}
