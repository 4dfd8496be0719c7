package io.streamgate.pipeline;

/** Spark's refusal of a start, as {@link StreamingPipeline} reports it, for tests elsewhere. */
public final class QueryStartRefusedExceptions {

    private QueryStartRefusedExceptions() {
    }

    public static QueryStartRefusedException of(RuntimeException sparks) {
        return new QueryStartRefusedException(sparks);
    }
}
