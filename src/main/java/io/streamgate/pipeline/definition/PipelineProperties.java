package io.streamgate.pipeline.definition;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The defaults every query's definition starts from, the default query's own definition, and how the
 * service runs queries. A request may override some of them ({@link #definition}).
 *
 * @param queryName             the default query's name: in the API, and Spark's name of it, shown in the
 *                              Spark UI and in progress events
 * @param schema                expected JSON shape of each value as a Spark DDL string;
 *                              {@code NOT NULL} marks a field as required
 * @param startingOffsets       where a query without checkpoint begins: {@code earliest} or {@code latest}
 * @param mode                  {@code micro-batch} (default) or {@code real-time} (Spark's real-time mode)
 * @param trigger               micro-batch interval, e.g. {@code 500 ms}. {@code 0 ms}, Spark's own default,
 *                              starts each batch as the one before ends while records come; a query that
 *                              finds none looks again after {@code spark.sql.streaming.pollingDelay}, 200 ms
 *                              here. Longer makes fewer, larger batches under load (less CPU, fewer archive
 *                              files), each record waiting up to the interval for its batch to begin
 * @param realTime              settings of real-time mode
 * @param maxOffsetsPerTrigger  cap on records per micro-batch, so a backlog drains in bounded steps
 * @param maxRecordsPerTask     a micro-batch with more records is split into several Spark tasks
 *                              (the Kafka source's {@code maxRecordsPerPartition}), so that a backlog
 *                              is parsed on every core, not one per topic partition
 * @param checkpointDir         where Spark keeps offsets and commits between batches and restarts: a local
 *                              path, or any Hadoop file system URI ({@code hdfs://…}, {@code s3a://…})
 * @param sharedStorage         declares that local paths in {@code checkpoint-dir} and {@code archive.path}
 *                              are mounted at the same path on this app and on every Spark worker (a
 *                              shared volume, NFS): a cluster master is refused local paths without it,
 *                              since its executors would write the archive's files to their own disks
 * @param stopTimeout           how long a stop waits for the running micro-batch to finish before interrupting it
 * @param maxStateRows          rows a query may keep in Spark's state store (its groups, windows, deduplication
 *                              keys; shown in its progress as {@code stateOperators[].numRowsTotal}); past it,
 *                              the query fails with the reason, and is not restarted
 * @param sourceOptions         options for Spark's Kafka source, on top of {@code kafka.fetch.max.wait.ms=10}
 *                              and {@code kafka.default.api.timeout.ms} and {@code kafka.request.timeout.ms}
 *                              of 10 s (a query that cannot reach
 *                              Kafka fails after Spark's three tries, about 30 s, and restarts with backoff)
 * @param results               the bounded in-memory sink behind {@code GET /queries/results}
 * @param console               the console sink, as in Spark's classic examples
 * @param archive               the durable, exactly-once file sink
 * @param resumeOnStartup       restart, from its checkpoint, a query that was running when the app stopped
 * @param restart               what happens when a query fails on its own
 * @param sqlLimits             what a user's SQL may cost, checked on its plan before it runs
 */
@Validated
@ConfigurationProperties("streamgate.pipeline")
public record PipelineProperties(
        @DefaultValue("streamgate") @NotBlank String queryName,
        @DefaultValue("id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE") @NotBlank String schema,
        @DefaultValue("latest") @Pattern(regexp = "earliest|latest") String startingOffsets,
        @DefaultValue("micro-batch") QueryMode mode,
        @DefaultValue("0 ms") @NotBlank String trigger,
        @DefaultValue @Valid RealTime realTime,
        @DefaultValue("200000") @Min(1) long maxOffsetsPerTrigger,
        @DefaultValue("50000") @Min(1) long maxRecordsPerTask,
        @DefaultValue("./data/checkpoints") @NotBlank String checkpointDir,
        @DefaultValue("false") boolean sharedStorage,
        @DefaultValue("30s") Duration stopTimeout,
        @DefaultValue("1000000") @Min(1) long maxStateRows,
        Map<String, String> sourceOptions,
        @DefaultValue @Valid Results results,
        @DefaultValue @Valid Console console,
        @DefaultValue @Valid Archive archive,
        @DefaultValue("true") boolean resumeOnStartup,
        @DefaultValue @Valid Restart restart,
        @DefaultValue @Valid SqlLimits sqlLimits) {

    /**
     * The consumer otherwise waits up to 500 ms for a fetch to fill, which at low rates doubles the
     * end-to-end latency; and Spark's offset reader would wait 60 s at each of its tries for a Kafka that
     * does not answer (a wrong listener), showing the query RUNNING for minutes while it reads nothing.
     */
    private static final Map<String, String> SOURCE_OPTIONS = Map.of("kafka.fetch.max.wait.ms", "10",
            "kafka.default.api.timeout.ms", "10000", "kafka.request.timeout.ms", "10000");

    public PipelineProperties {
        Map<String, String> options = new HashMap<>(SOURCE_OPTIONS);
        if (sourceOptions != null) {
            options.putAll(sourceOptions);
        }
        sourceOptions = Map.copyOf(options);
    }

    /**
     * A definition with these defaults where an argument is null. In real-time mode a trigger left out
     * is {@code real-time.batch-duration}, not the micro-batch interval.
     */
    public QueryDefinition definition(String topic, String startingOffsets, String trigger, String schemaDdl,
                                      String mode, Select select, Sinks sinks) {
        QueryMode queryMode = mode != null ? QueryMode.of(mode) : this.mode;
        String defaultTrigger = queryMode == QueryMode.REAL_TIME
                ? DurationStyle.SIMPLE.print(realTime.batchDuration(), ChronoUnit.SECONDS)
                : this.trigger;
        return new QueryDefinition(topic,
                startingOffsets != null ? startingOffsets : this.startingOffsets,
                trigger != null ? trigger : defaultTrigger,
                RecordSchema.parse(schemaDdl != null ? schemaDdl : schema),
                queryMode, select, sinks);
    }

    /** The default query's sinks: the console and the archive as configured, and the dead letters. */
    public Sinks builtInSinks() {
        return new Sinks(console.enabled(), archive.enabled(), true, Optional.empty());
    }

    /**
     * @param batchDuration how long each of real-time mode's long-running batches lasts: how often it
     *                      checkpoints, not a latency (records are written as they arrive); at least 5s.
     *                      Spark's default: each checkpoint holds the records arriving meanwhile for a few
     *                      hundred ms, and a stopped or failed run replays what came since the last one
     * @param reservedCores cores of a local master that real-time queries' tasks (one per topic partition,
     *                      held for as long as they run) may not take: they stay for micro-batch queries,
     *                      the default query among them, so that these keep their rate
     */
    public record RealTime(@DefaultValue("5m") Duration batchDuration, @DefaultValue("1") @Min(0) int reservedCores) {
    }

    /** @param capacity rows kept, newest first; older rows are dropped (the Spark memory sink would grow forever) */
    public record Results(@DefaultValue("10000") @Min(1) int capacity) {
    }

    /**
     * @param enabled print each micro-batch's newest rows to stdout, as Spark's console sink does
     * @param numRows rows printed per batch
     */
    public record Console(@DefaultValue("true") boolean enabled, @DefaultValue("20") @Min(1) int numRows) {
    }

    /**
     * Every processed row, written by Spark's file sink: exactly once across restarts, because the
     * sink commits each batch's files to its {@code _spark_metadata} log under the batch id. In
     * micro-batch mode the main query writes it; in real-time mode, which allows no
     * {@code foreachBatch}, a micro-batch query of its own does.
     *
     * @param enabled whether the archive is written
     * @param path    folder of the archive, a local path or a Hadoop file system URI; each fresh start
     *                (explicit startingOffsets) writes a new generation folder below it, since the file
     *                sink's log belongs to one checkpoint
     * @param format  {@code json} (JSON Lines) or {@code parquet}
     * @param trigger the archive query's own micro-batch interval, when it has one: files need not be
     *                written as often as results are shown, and each batch takes a core from a real-time
     *                query's records for a moment
     * @param maxOffsetsPerTrigger the archive query's own cap on records per batch, when it has one: it
     *                bounds what a failed batch replays, and lets one batch per trigger keep up with
     *                100k records a second
     */
    public record Archive(@DefaultValue("true") boolean enabled,
                          @DefaultValue("./data/archive") @NotBlank String path,
                          @DefaultValue("json") @Pattern(regexp = "json|parquet") String format,
                          @DefaultValue("30s") Duration trigger,
                          @DefaultValue("3000000") @Min(1) long maxOffsetsPerTrigger) {
    }

    /**
     * Bounds on what one row of a user's SQL may cost, checked on its plan before it runs; past one, a
     * 400 {@code REFUSED_SQL.TOO_LARGE} (or {@code REFUSED_SQL.NESTED_QUANTIFIERS}) with the numbers.
     *
     * @param maxElements       elements of one array that literals size ({@code sequence},
     *                          {@code array_repeat}): the rows one input row explodes into
     * @param maxStringSize     one string that literals size ({@code repeat}, {@code lpad}, {@code rpad}, {@code space})
     * @param maxWindowsPerRow  windows one row falls into: a sliding window's length ÷ its slide
     * @param maxStarHeight     how deeply repeating quantifiers may nest in a regular expression
     *                          ({@code rlike}, {@code regexp*}, {@code split}, {@code str_to_map}):
     *                          {@code (a+)+} is 2, and can take exponential time on one row
     * @param nonLiteralPatterns accept regular expressions that are not literals (taken from the data),
     *                          which cannot be checked
     */
    public record SqlLimits(@DefaultValue("10000") @Min(1) long maxElements,
                            @DefaultValue("1MB") DataSize maxStringSize,
                            @DefaultValue("100") @Min(1) long maxWindowsPerRow,
                            @DefaultValue("1") @Min(0) int maxStarHeight,
                            @DefaultValue("false") boolean nonLiteralPatterns) {
    }

    /**
     * @param maxAttempts    restarts in a row before the query is left FAILED; 0 turns restarts off
     * @param initialBackoff wait before the first restart; doubled for each further one
     * @param maxBackoff     the longest wait between restarts
     */
    public record Restart(@DefaultValue("10") @Min(0) int maxAttempts,
                          @DefaultValue("1s") Duration initialBackoff,
                          @DefaultValue("30s") Duration maxBackoff) {
    }
}
