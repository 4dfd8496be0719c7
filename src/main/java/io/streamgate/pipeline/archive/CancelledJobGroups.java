package io.streamgate.pipeline.archive;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job groups of archive queries that were cancelled while still running. Cancelling a group stops
 * the jobs it has running, and none that the query submits afterwards (a query runs several jobs one
 * after another: broadcasts, then the read), so each job that starts in a cancelled group is cancelled
 * as it starts.
 */
final class CancelledJobGroups extends SparkListener {

    private static final String JOB_GROUP = "spark.jobGroup.id";

    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private volatile SparkContext context;

    void listenTo(SparkContext context) {
        this.context = context;
        context.addSparkListener(this);
    }

    void add(String group) {
        groups.add(group);
    }

    /** Once its query has ended: it submits no more jobs. */
    void remove(String group) {
        groups.remove(group);
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        String group = start.properties() == null ? null : start.properties().getProperty(JOB_GROUP);
        SparkContext current = context;
        if (group != null && groups.contains(group) && current != null) {
            current.cancelJob(start.jobId(), "its archive query was cancelled");
        }
    }
}
