package io.streamgate.queries;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.StreamingQueryStatus;
import org.mockito.Mockito;
import scala.Option;

import java.util.UUID;

/** A Spark query handle a test drives: active until stopped, or until the test fails or ends it. */
final class FakeSparkQuery implements StreamingQuery {

    private final String name;
    private final UUID id = UUID.randomUUID();
    private final UUID runId = UUID.randomUUID();
    private volatile boolean active = true;
    private volatile StreamingQueryException failure;
    volatile int stops;

    FakeSparkQuery(String name) {
        this.name = name;
    }

    /** Spark ends the run with this failure, as a query thread that died would. */
    void fail(String reason) {
        fail(reason, null);
    }

    /** Spark ends the run with this failure, caused by that one. */
    void fail(String reason, Throwable cause) {
        StreamingQueryException exception = Mockito.mock(StreamingQueryException.class);
        Mockito.when(exception.getMessage()).thenReturn(reason);
        Mockito.when(exception.getCause()).thenReturn(cause);
        failure = exception;
        active = false;
    }

    /** Spark ends the run without a failure, as when its session stops. */
    void end() {
        active = false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public UUID id() {
        return id;
    }

    @Override
    public UUID runId() {
        return runId;
    }

    @Override
    public SparkSession sparkSession() {
        return null;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public Option<StreamingQueryException> exception() {
        return Option.apply(failure);
    }

    @Override
    public StreamingQueryStatus status() {
        return new StreamingQueryStatus(active ? "Waiting for data to arrive" : "Stopped", false, false);
    }

    @Override
    public StreamingQueryProgress[] recentProgress() {
        return new StreamingQueryProgress[0];
    }

    @Override
    public StreamingQueryProgress lastProgress() {
        return null;
    }

    @Override
    public void awaitTermination() {
    }

    @Override
    public boolean awaitTermination(long timeoutMs) {
        return !active;
    }

    @Override
    public void processAllAvailable() {
    }

    @Override
    public void stop() {
        stops++;
        active = false;
    }

    @Override
    public void explain() {
    }

    @Override
    public void explain(boolean extended) {
    }
}
