package io.streamgate.pipeline;

import org.springframework.stereotype.Component;

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
 * The latest processed rows, newest first, never more than the configured capacity. This is the
 * bounded replacement for Spark's memory sink, which keeps every row it was ever given. A row is kept
 * once per Kafka record: a batch Spark processes again after a failure or a stop (real-time mode stops
 * mid-batch) does not show its rows twice. Rows are also indexed by key: a lookup by key costs what
 * that key's rows cost, not a scan of the whole buffer.
 */
@Component
public class ResultsBuffer {

    private final int capacity;
    private final String query;
    private volatile ResultsListener listener = ResultsListener.NONE;
    private final Deque<ProcessedRecord> rows;
    private final Set<Origin> origins = new HashSet<>();
    /** Each key's rows, newest first; rows without a key are not indexed (a lookup always names a key). */
    private final Map<String, Deque<ProcessedRecord>> byKey = new HashMap<>();

    ResultsBuffer(PipelineProperties properties) {
        this.capacity = properties.results().capacity();
        this.query = properties.queryName();
        this.rows = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** The one listener told of each batch's rows. */
    public void listen(ResultsListener listener) {
        this.listener = listener;
    }

    /** @param newestFirst one micro-batch's rows, newest first */
    void addBatch(List<ProcessedRecord> newestFirst) {
        synchronized (this) {
            for (int i = Math.min(newestFirst.size(), capacity) - 1; i >= 0; i--) {
                addFirst(newestFirst.get(i));
            }
        }
        listener.written(query, newestFirst);
    }

    /** One row, newer than every row before it (real-time mode adds rows one at a time). */
    void add(ProcessedRecord row) {
        synchronized (this) {
            addFirst(row);
        }
        listener.written(query, List.of(row));
    }

    private void addFirst(ProcessedRecord row) {
        if (!origins.add(Origin.of(row))) {
            return;
        }
        rows.addFirst(row);
        if (row.key() != null) {
            byKey.computeIfAbsent(row.key(), key -> new ArrayDeque<>(1)).addFirst(row);
        }
        if (rows.size() > capacity) {
            forget(rows.removeLast());
        }
    }

    /** The oldest row of all, so also the oldest row of its key. */
    private void forget(ProcessedRecord oldest) {
        origins.remove(Origin.of(oldest));
        if (oldest.key() != null) {
            Deque<ProcessedRecord> sameKey = byKey.get(oldest.key());
            sameKey.removeLast();
            if (sameKey.isEmpty()) {
                byKey.remove(oldest.key());
            }
        }
    }

    public List<ProcessedRecord> latest(int limit) {
        return latest(limit, null);
    }

    /** @param key only rows with this record key; null for all */
    public synchronized List<ProcessedRecord> latest(int limit, String key) {
        Collection<ProcessedRecord> candidates = key == null ? rows : Objects.requireNonNullElse(byKey.get(key), List.of());
        List<ProcessedRecord> latest = new ArrayList<>(Math.min(limit, candidates.size()));
        Iterator<ProcessedRecord> newestFirst = candidates.iterator();
        while (latest.size() < limit && newestFirst.hasNext()) {
            latest.add(newestFirst.next());
        }
        return latest;
    }

    public synchronized void clear() {
        rows.clear();
        origins.clear();
        byKey.clear();
    }

    public int capacity() {
        return capacity;
    }

    private record Origin(String topic, int partition, long offset) {

        static Origin of(ProcessedRecord row) {
            return new Origin(row.topic(), row.partition(), row.offset());
        }
    }
}
