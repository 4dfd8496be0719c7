package io.streamgate.pipeline;

import java.util.List;

/**
 * Told of the rows each batch adds to a query's results (on the thread that writes them: Spark's driver,
 * or a real-time task), e.g. to push them to live streams. It must not block.
 */
@FunctionalInterface
public interface ResultsListener {

    ResultsListener NONE = (query, rows) -> { };

    /** @param rows the batch's new or updated rows, newest first: {@code ProcessedRecord}s or JSON objects */
    void written(String query, List<?> rows);
}
