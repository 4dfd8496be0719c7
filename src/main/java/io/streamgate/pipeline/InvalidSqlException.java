package io.streamgate.pipeline;

/**
 * A user's SQL that Spark cannot run or that this app refuses. The error class is Spark's own (e.g.
 * {@code UNRESOLVED_COLUMN.WITH_SUGGESTION}) when Spark found the fault, and {@code REFUSED_SQL.*} when
 * the {@link SqlGuard} did.
 */
public class InvalidSqlException extends InvalidQueryException {

    private final String errorClass;

    InvalidSqlException(String errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    InvalidSqlException(String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
