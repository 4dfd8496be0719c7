package io.streamgate.pipeline.results;

import io.streamgate.pipeline.definition.PipelineProperties;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The results of every query, by name, each bounded by {@code streamgate.pipeline.results.capacity}. */
@Component
public class ResultTables {

    private final int capacity;
    private final Map<String, ResultTable> tables = new ConcurrentHashMap<>();
    private volatile ResultsListener listener = ResultsListener.NONE;

    public ResultTables(PipelineProperties settings) {
        this.capacity = settings.results().capacity();
    }

    /** The query's table for rows of that shape: the one it has, or a new one where it had none or another shape. */
    public ResultTable of(String query, ResultTable.Shape shape) {
        return tables.compute(query, (name, table) -> table != null && table.shape() == shape ? table
                : ResultTable.of(shape, name, capacity, (writer, rows) -> listener.written(writer, rows)));
    }

    public Optional<ResultTable> find(String query) {
        return Optional.ofNullable(tables.get(query));
    }

    /** The one listener told of each write's rows, for every query. */
    public void listen(ResultsListener listener) {
        this.listener = listener;
    }

    public void remove(String query) {
        tables.remove(query);
    }

    public int capacity() {
        return capacity;
    }
}
