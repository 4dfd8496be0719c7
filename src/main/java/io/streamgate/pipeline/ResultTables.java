package io.streamgate.pipeline;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The results of every user query, by name, each bounded by {@code streamgate.pipeline.results.capacity}. */
@Component
public class ResultTables {

    private final int capacity;
    private final Map<String, ResultTable> tables = new ConcurrentHashMap<>();
    private volatile ResultsListener listener = ResultsListener.NONE;

    ResultTables(PipelineProperties settings) {
        this.capacity = settings.results().capacity();
    }

    public ResultTable of(String query) {
        return tables.computeIfAbsent(query, name -> new ResultTable(capacity, rows -> listener.written(name, rows)));
    }

    /** The one listener told of each batch's rows, for every query. */
    public void listen(ResultsListener listener) {
        this.listener = listener;
    }

    public void remove(String query) {
        tables.remove(query);
    }
}
