package io.streamgate.queries;

import io.streamgate.kafka.KafkaAdminUnavailableException;
import io.streamgate.pipeline.QueryStartRefusedException;
import io.streamgate.pipeline.definition.ErrorText;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.plan.TooManyQueriesException;
import io.streamgate.pipeline.spark.SparkUnavailableException;
import io.streamgate.pipeline.storage.StorageNotSharedException;
import io.streamgate.pipeline.storage.StorageUnavailableException;

import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** What a failed start is, as the one who asked should hear it: each exception of a start sorted into a refusal. */
final class StartFailures {

    /** Refusals that say what is wrong already; they are passed on as they are. */
    private static final List<Class<? extends RuntimeException>> REFUSALS = List.of(InvalidQueryException.class,
            SparkUnavailableException.class, StorageNotSharedException.class, StorageUnavailableException.class,
            TooManyQueriesException.class, KafkaAdminUnavailableException.class, QueryStateException.class,
            QueryNotFoundException.class);

    private StartFailures() {
    }

    /**
     * @param query  the query that was starting
     * @param status its status now, for a refusal that is about its state
     */
    static RuntimeException sort(String query, Exception failure, Supplier<QueryStatus> status) {
        if (failure instanceof QueryStartRefusedException refused) {
            // Spark checks the checkpoint before it starts: a broken one is state the user must resolve.
            return new QueryStateException("Spark refused to start the query: " + ErrorText.reason(refused)
                    + " (start with startingOffsets to begin from a new checkpoint)", status.get());
        }
        if (failure instanceof TimeoutException) {
            return new SparkUnavailableException("Spark did not start query '" + query + "' in time");
        }
        if (failure instanceof RuntimeException known && REFUSALS.stream().anyMatch(type -> type.isInstance(known))) {
            return known;
        }
        return new QueryStartFailedException("Starting query '" + query + "' failed: "
                + failure.getClass().getSimpleName() + ": " + ErrorText.firstLine(String.valueOf(failure.getMessage())), failure);
    }
}
