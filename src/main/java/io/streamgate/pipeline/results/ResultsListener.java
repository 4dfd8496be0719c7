package io.streamgate.pipeline.results;

import java.util.List;

/**
 * Told of the rows each write adds to a query's results (on the thread that writes them: Spark's driver,
 * or a real-time task), e.g. to push them to live streams. It must not block.
 */
@FunctionalInterface
public interface ResultsListener {

    ResultsListener NONE = (query, rows) -> { };

    /** @param rows the write's new or updated rows, newest first */
    void written(String query, List<ResultRow> rows);
}
