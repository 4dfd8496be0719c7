package io.streamgate.queries;

import io.streamgate.pipeline.spark.SparkConnection;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resumes, from its checkpoint, each run that was going when the app last stopped: once the app is
 * ready and Spark can run it, and again whenever Spark makes a new session in place of one it stopped
 * (a cluster that was lost). With {@code resume-on-startup} off, {@link QueryRegistry} has marked a run of
 * before the start as stopped when it loaded the queries.
 */
@Component
class ResumeOnStartup {

    private final QueryRegistry queries;
    private final SparkConnection spark;

    ResumeOnStartup(QueryRegistry queries, SparkConnection spark) {
        this.queries = queries;
        this.spark = spark;
    }

    @EventListener(ApplicationReadyEvent.class)
    void appReady() {
        spark.onSession(session -> queries.all().forEach(QueryOperator::resume));
    }
}
