package io.streamgate.messages;

import java.util.List;

/** Some records of a batch were not acknowledged; carries every record's outcome so none is guessed at. */
public class BatchNotFullyStoredException extends RuntimeException {

    private final transient List<BatchItemResult> results;

    BatchNotFullyStoredException(List<BatchItemResult> results, long failed) {
        super(failed + " of " + results.size() + " records were not acknowledged by Kafka");
        this.results = results;
    }

    public List<BatchItemResult> results() {
        return results;
    }
}
