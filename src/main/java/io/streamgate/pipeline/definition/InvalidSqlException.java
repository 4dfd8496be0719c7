package io.streamgate.pipeline.definition;

/**
 * A user's SQL that Spark cannot run or that this app refuses. The error class is Spark's own (e.g.
 * {@code UNRESOLVED_COLUMN.WITH_SUGGESTION}) when Spark found the fault, and {@code REFUSED_SQL.*} when
 * the SQL guard ({@code sql.SqlGuard}) did.
 */
public class InvalidSqlException extends InvalidQueryException {

    public InvalidSqlException(String errorClass, String message) {
        super(errorClass, message, null);
    }

    public InvalidSqlException(String errorClass, String message, Throwable cause) {
        super(errorClass, message, cause);
    }
}
