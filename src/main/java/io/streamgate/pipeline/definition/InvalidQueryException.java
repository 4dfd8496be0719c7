package io.streamgate.pipeline.definition;

/**
 * A query's definition or options that Spark could not run, or that this app refuses: the reason says
 * which, and where Spark found the fault, its error class (e.g. {@code AMBIGUOUS_REFERENCE_TO_FIELDS}).
 */
public class InvalidQueryException extends RuntimeException {

    private final String errorClass;

    public InvalidQueryException(String message) {
        this(null, message, null);
    }

    public InvalidQueryException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** @param errorClass Spark's error class, or this app's {@code REFUSED_*}; null for none */
    public InvalidQueryException(String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    /** Spark's error class, or this app's {@code REFUSED_*}; null for none. */
    public String errorClass() {
        return errorClass;
    }
}
