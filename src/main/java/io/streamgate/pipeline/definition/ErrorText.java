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

    /**
     * The first line of the message of a throwable's cause, or of the throwable itself, or its class name;
     * after a Kafka client's timeout, with what to check, since Kafka's own words name a call, not a cause.
     */
    public static String reason(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        String reason = firstLine(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        for (Throwable any = failure; any != null; any = any.getCause()) {
            if (any instanceof org.apache.kafka.common.errors.TimeoutException) {
                return "Kafka did not answer in time (" + reason + "): check spring.kafka.bootstrap-servers, and that "
                        + "spring.kafka.security.protocol is the listener's (PLAINTEXT, SSL, SASL_SSL)";
            }
        }
        return reason;
    }
}
