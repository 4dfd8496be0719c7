package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.SparkContext;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One archive query's Spark jobs: in a job group of its own, so that it can be cancelled as one from any
 * thread, and in the {@value #POOL} fair-scheduler pool, so that it takes its share of the cores beside
 * the streaming queries' pools and cannot starve them.
 */
public final class ArchiveJob {

    /** The fair-scheduler pool every archive query runs in. */
    public static final String POOL = "archive";
    /** Each job group's name: this and a number, counted from 1 since the start. */
    public static final String GROUP_PREFIX = "streamgate-archive-";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final SparkContext context;
    private final CancelledJobGroups cancelled;
    private final String group;
    private final String description;

    ArchiveJob(SparkContext context, CancelledJobGroups cancelled, String description) {
        this.context = context;
        this.cancelled = cancelled;
        this.group = GROUP_PREFIX + SEQUENCE.incrementAndGet();
        this.description = description;
    }

    public String group() {
        return group;
    }

    /** Runs the work on this thread with its jobs in the group and the pool; a cancel interrupts their tasks. */
    public <T> T run(Supplier<T> work) {
        context.setJobGroup(group, description, true);
        context.setLocalProperty(SparkConnection.SCHEDULER_POOL, POOL);
        try {
            return work.get();
        } finally {
            cancelled.remove(group);
            context.clearJobGroup();
            context.setLocalProperty(SparkConnection.SCHEDULER_POOL, null);
        }
    }

    /** Its running jobs, and any it starts from now on. */
    public void cancel(String reason) {
        cancelled.add(group);
        context.cancelJobGroup(group, reason);
    }
}
