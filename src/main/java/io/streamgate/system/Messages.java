package io.streamgate.system;

/** Exception messages as a person should read them in a problem detail, a status or a log line. */
public final class Messages {

    private Messages() {
    }

    /**
     * The first non-blank line: Spark and Jackson append plans, SQL text or source excerpts after it.
     *
     * @return null for a null message
     */
    public static String firstLine(String message) {
        return message == null ? null : message.strip().lines().findFirst().orElse("");
    }
}
