package io.streamgate.archive;

import io.streamgate.pipeline.archive.ArchiveJob;
import io.streamgate.pipeline.archive.ArchiveReader;
import io.streamgate.pipeline.archive.ArchiveRows;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.sql.SparkRefusals;
import org.apache.spark.SparkThrowable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs archive queries: at most {@code max-concurrent} at once, each in a Spark job group of its own that
 * is cancelled past {@code query-timeout} or when its client goes away. A query holds its place until its
 * Spark jobs have ended, not only until it is answered, so cancelled work counts until it stops.
 */
@Service
public class ArchiveQueries implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ArchiveQueries.class);

    private final ArchiveReader reader;
    private final ArchiveProperties properties;
    private final Semaphore running;
    private final ExecutorService runner = Executors.newCachedThreadPool(daemons("archive-query-"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemons("archive-timeout-"));

    ArchiveQueries(ArchiveReader reader, ArchiveProperties properties) {
        this.reader = reader;
        this.properties = properties;
        this.running = new Semaphore(properties.maxConcurrent());
    }

    /**
     * Checks the SQL and starts it; the answer completes the query's future, or its failure: a refusal
     * found as it ran, or {@link ArchiveQueryTimeoutException}.
     *
     * @throws TooManyArchiveQueriesException when {@code max-concurrent} run already
     * @throws InvalidQueryException          when the SQL or the limit is refused
     */
    Running answer(ArchiveQueryRequest request) {
        int limit = limit(request, ArchiveQueryRequest.DEFAULT_LIMIT, properties.maxRows(), "max-rows");
        Place place = take();
        try {
            ArchiveRows rows = reader.check(request.sql());
            ArchiveJob job = reader.job("archive query: " + request.sql());
            CompletableFuture<ArchiveAnswer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return job.run(() -> collect(rows, limit));
                } finally {
                    place.leave();
                }
            }, runner);
            place.handedOver();
            CompletableFuture<ArchiveAnswer> timed = answer.orTimeout(properties.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (cause instanceof java.util.concurrent.TimeoutException) {
                            job.cancel("past streamgate.archive.query-timeout");
                            throw new ArchiveQueryTimeoutException(properties.queryTimeout());
                        }
                        throw ranInto(cause);
                    });
            return new Running(timed, job);
        } finally {
            place.leaveUnlessHandedOver();
        }
    }

    /**
     * Checks the SQL, then writes its rows to the stream one JSON object a line, a partition at a time, up
     * to the limit. What fails before the first row is an exception to answer with; after it, the stream
     * ends early. A client gone away (the write fails) or the timeout cancels the query's jobs.
     */
    Streamed stream(ArchiveQueryRequest request) {
        int limit = limit(request, properties.maxStreamedRows(), properties.maxStreamedRows(), "max-streamed-rows");
        Place place = take();
        try {
            ArchiveRows rows = reader.check(request.sql());
            ArchiveJob job = reader.job("archive query (NDJSON): " + request.sql());
            place.handedOver();
            return out -> {
                AtomicBoolean timedOut = new AtomicBoolean();
                ScheduledFuture<?> timeout = timer.schedule(() -> {
                    timedOut.set(true);
                    job.cancel("past streamgate.archive.query-timeout");
                }, properties.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
                try {
                    job.run(() -> {
                        write(rows, limit, out, job);
                        return null;
                    });
                } catch (RuntimeException e) {
                    throw timedOut.get() ? new ArchiveQueryTimeoutException(properties.queryTimeout()) : ranInto(e);
                } finally {
                    timeout.cancel(false);
                    place.leave();
                }
            };
        } finally {
            place.leaveUnlessHandedOver();
        }
    }

    private static ArchiveAnswer collect(ArchiveRows rows, int limit) {
        List<String> found = rows.json().limit(limit + 1).collectAsList();
        List<JsonNode> answered = new ArrayList<>(Math.min(found.size(), limit));
        for (String row : found.subList(0, Math.min(found.size(), limit))) {
            answered.add(JsonMapper.shared().readTree(row));
        }
        return new ArchiveAnswer(rows.columns(), answered, found.size() > limit);
    }

    /** No limit in Spark's plan: a global limit would gather every row in one partition first. */
    private static void write(ArchiveRows rows, int limit, OutputStream out, ArchiveJob job) {
        Iterator<String> found = rows.json().toLocalIterator();
        int written = 0;
        try {
            while (written < limit && found.hasNext()) {
                out.write(found.next().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                written++;
                if (written % 1000 == 0) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException e) {
            job.cancel("the client went away");
            throw new java.io.UncheckedIOException(e);
        }
        // At the limit, the partitions not yet read are never asked for: each is a job of its own.
    }

    private static int limit(ArchiveQueryRequest request, int byDefault, int max, String setting) {
        int limit = request.limit() == null ? byDefault : request.limit();
        if (limit > max) {
            throw new InvalidQueryException("limit " + limit + " is more than streamgate.archive." + setting
                    + " (" + max + ") allows");
        }
        return limit;
    }

    /** A failure Spark names (e.g. {@code DIVIDE_BY_ZERO}) is the query's, a 400; anything else is ours. */
    private static RuntimeException ranInto(Throwable failure) {
        if (failure instanceof SparkThrowable spark && spark.getCondition() != null && failure instanceof Exception e) {
            return SparkRefusals.refusal(e);
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private Place take() {
        if (!running.tryAcquire()) {
            throw new TooManyArchiveQueriesException(properties.maxConcurrent());
        }
        return new Place();
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
        timer.shutdownNow();
    }

    /** A started query: its answer to come, and its jobs, to cancel when the client goes away. */
    record Running(CompletableFuture<ArchiveAnswer> answer, ArchiveJob job) {

        void clientGone() {
            log.info("Archive query {}: the client went away; cancelling its jobs", job.group());
            job.cancel("the client went away");
        }
    }

    /** Writes a checked query's rows. */
    @FunctionalInterface
    interface Streamed {
        void writeTo(OutputStream out) throws IOException;
    }

    /** One of the {@code max-concurrent} places, left once, by the query's thread once it has one. */
    private final class Place {
        private final AtomicBoolean left = new AtomicBoolean();
        private boolean handedOver;

        void handedOver() {
            handedOver = true;
        }

        void leaveUnlessHandedOver() {
            if (!handedOver) {
                leave();
            }
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                running.release();
            }
        }
    }
}
