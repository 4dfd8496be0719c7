package io.streamgate.archive;

import java.time.Duration;

/** An archive query ran past {@code streamgate.archive.query-timeout}; its jobs were cancelled: a 504. */
public class ArchiveQueryTimeoutException extends RuntimeException {

    ArchiveQueryTimeoutException(Duration timeout) {
        super("The archive query ran longer than streamgate.archive.query-timeout (" + timeout.toSeconds()
                + " s) and was cancelled; narrow it, e.g. with a WHERE on date or timestamp");
    }
}
