package io.streamgate.pipeline.spark;

/** There is no working SparkSession right now (the master is down, unreachable or refused the app). */
public class SparkUnavailableException extends RuntimeException {

    public SparkUnavailableException(String message) {
        super(message);
    }
}
