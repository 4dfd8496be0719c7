package io.streamgate.pipeline.definition;

/** Exception messages as a person should read them in a problem detail, a status or a log line. */
public final class ErrorText {

    private ErrorText() {
    }

    /**
     * The first non-blank line: Spark and Jackson append plans, SQL text or source excerpts after it.
     *
     * @return null for a null message
     */
    public static String firstLine(String message) {
        return message == null ? null : message.strip().lines().findFirst().orElse("");
    }

    /** The first line of the message of a throwable's cause, or of the throwable itself, or its class name. */
    public static String reason(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return firstLine(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
    }
}
