package io.streamgate.pipeline;

/** There is no working SparkSession right now (the master is down, unreachable or refused the app). */
public class SparkUnavailableException extends RuntimeException {

    SparkUnavailableException(String message) {
        super(message);
    }
}
