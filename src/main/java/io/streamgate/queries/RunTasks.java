package io.streamgate.queries;

import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.springframework.stereotype.Component;
import scala.jdk.javaapi.CollectionConverters;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks Spark is running for each run, counted from its scheduler's events. A streaming query runs
 * its jobs in a job group named by its run id, and its {@code stop()} cancels that group with
 * interruption; a task that never checks for the interrupt (a regular expression that backtracks) runs
 * on after that, and this is how the service sees it. Exact where Spark's status store is not: that
 * one keeps a bounded number of stages and jobs, and forgets the oldest.
 */
@Component
class RunTasks extends SparkListener {

    /** The local property {@code SparkContext.setJobGroup} sets (Spark's constant for it is not public). */
    private static final String JOB_GROUP = "spark.jobGroup.id";

    private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, Job> runningJobs = new ConcurrentHashMap<>();
    private final Map<Long, String> groupOfRunningTask = new ConcurrentHashMap<>();

    RunTasks(SparkConnection spark) {
        spark.onSession(session -> {
            forgetAll(); // ids begin again in a new SparkContext
            session.sparkContext().addSparkListener(this);
        });
    }

    /** The tasks of a SparkContext end with it, and Spark tells of none of them after this. */
    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd applicationEnd) {
        forgetAll();
    }

    private void forgetAll() {
        groupOfStage.clear();
        runningJobs.clear();
        groupOfRunningTask.clear();
    }

    /** Tasks running now in the job groups of those Spark run ids. */
    int running(Collection<String> runIds) {
        return (int) groupOfRunningTask.values().stream().filter(runIds::contains).count();
    }

    /**
     * Whether the job groups of those run ids have a job or a task in flight. Spark tells of a job's
     * start before its tasks', and of its end after them or, when it is cancelled, after the starts of
     * the tasks it launched: so a run whose job is seen ended and that has no task counted has none.
     */
    boolean busy(Collection<String> runIds) {
        return running(runIds) > 0 || runningJobs.values().stream().anyMatch(job -> runIds.contains(job.group()));
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String group = jobStart.properties() == null ? null
                : jobStart.properties().getProperty(JOB_GROUP);
        if (group == null) {
            return;
        }
        List<Object> stages = CollectionConverters.asJava(jobStart.stageIds());
        stages.forEach(stage -> groupOfStage.put((Integer) stage, group));
        runningJobs.put(jobStart.jobId(), new Job(group, stages));
    }

    /** A job ends when its stages do, or at once when cancelled: the tasks it started are still counted. */
    @Override
    public void onJobEnd(SparkListenerJobEnd jobEnd) {
        Job job = runningJobs.remove(jobEnd.jobId());
        if (job != null) {
            job.stages().forEach(groupOfStage::remove);
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
        String group = groupOfStage.get(taskStart.stageId());
        if (group != null) {
            groupOfRunningTask.put(taskStart.taskInfo().taskId(), group);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        groupOfRunningTask.remove(taskEnd.taskInfo().taskId());
    }

    private record Job(String group, List<Object> stages) {
    }
}
