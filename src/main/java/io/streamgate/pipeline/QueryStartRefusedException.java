package io.streamgate.pipeline;

/**
 * Spark's own start of a query threw: most often its checkpoint, which Spark reads before it starts,
 * is one it cannot resume from. The cause is Spark's exception.
 */
public class QueryStartRefusedException extends RuntimeException {

    QueryStartRefusedException(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
