package io.streamgate.messages;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** The outcome of one record of a batch: where it was stored, or why it was not. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(int index, String topic, Integer partition, Long offset, Instant timestamp,
                              String error) {

    static BatchItemResult stored(int index, PublishedRecord record) {
        return new BatchItemResult(index, record.topic(), record.partition(), record.offset(), record.timestamp(), null);
    }

    static BatchItemResult failed(int index, String error) {
        return new BatchItemResult(index, null, null, null, null, error);
    }

    boolean failed() {
        return error != null;
    }
}
