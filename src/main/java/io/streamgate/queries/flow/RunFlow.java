package io.streamgate.queries.flow;

import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How one run of a query keeps up, from each progress Spark reports for it: its lag behind the topics it
 * reads, whether it keeps falling further behind, its watermark, the rows its stateful operators dropped
 * as late, and its state. Fed on Spark's listener thread, read by the API's.
 */
public final class RunFlow {

    private final Clock clock;
    private final FallingBehind behind;
    private volatile Flow last = Flow.NONE;
    private long lateTotal; // guarded by this

    /** @param window how long a lag must keep growing to be called behind */
    public RunFlow(Duration window, Clock clock) {
        this.clock = clock;
        this.behind = new FallingBehind(window);
    }

    public synchronized void progressed(StreamingQueryProgress progress) {
        Lag lag = lag(progress);
        behind.record(clock.instant(), lag.records());
        long late = lateRows(progress);
        lateTotal += late;
        long stateMemory = 0;
        for (StateOperatorProgress operator : progress.stateOperators()) {
            stateMemory += operator.memoryUsedBytes();
        }
        String watermark = progress.eventTime().get("watermark");
        last = new Flow(lag, finiteOrZero(progress.inputRowsPerSecond()), finiteOrZero(progress.processedRowsPerSecond()),
                behind.since().orElse(null), watermark == null ? null : Instant.parse(watermark),
                new Flow.LateRows(late, lateTotal), new Flow.State(stateRows(progress), stateMemory));
    }

    /** The progress's lag: each Kafka source's {@code latestOffset} against its {@code endOffset}. */
    public static Lag lag(StreamingQueryProgress progress) {
        List<Lag.Offsets> offsets = new ArrayList<>();
        for (SourceProgress source : progress.sources()) {
            offsets.add(new Lag.Offsets(source.endOffset(), source.latestOffset()));
        }
        return Lag.of(offsets);
    }

    /** Rows the batch's stateful operators dropped as later than the watermark. */
    public static long lateRows(StreamingQueryProgress progress) {
        long rows = 0;
        for (StateOperatorProgress operator : progress.stateOperators()) {
            rows += operator.numRowsDroppedByWatermark();
        }
        return rows;
    }

    /** Rows in the state stores of the batch's stateful operators (their groups, windows, keys). */
    public static long stateRows(StreamingQueryProgress progress) {
        long rows = 0;
        for (StateOperatorProgress operator : progress.stateOperators()) {
            rows += operator.numRowsTotal();
        }
        return rows;
    }

    /** As of the last progress; {@link Flow#NONE} before the first. */
    public Flow flow() {
        return last;
    }

    private static double finiteOrZero(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
