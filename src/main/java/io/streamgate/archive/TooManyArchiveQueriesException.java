package io.streamgate.archive;

/** {@code streamgate.archive.max-concurrent} archive queries are running already: a 429. */
public class TooManyArchiveQueriesException extends RuntimeException {

    TooManyArchiveQueriesException(int max) {
        super(max + " archive queries are running, the most streamgate.archive.max-concurrent allows; try again when one ends");
    }
}
