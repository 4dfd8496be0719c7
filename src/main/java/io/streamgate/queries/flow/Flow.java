package io.streamgate.queries.flow;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * How a run keeps up, as of its last progress.
 *
 * @param lag                    records between its last batch's end and the latest of each partition it reads
 * @param inputRowsPerSecond     rows arriving, as of the last batch (Spark's)
 * @param processedRowsPerSecond rows processed, as of the last batch (Spark's)
 * @param behind                 whether the run stays behind and keeps falling further behind
 * @param behindSince            since when the lag has kept growing over a whole window; null when it has not
 * @param watermark              its event-time watermark; null without one
 * @param lateRows               rows its stateful operators dropped as later than the watermark
 * @param state                  its state store's rows and memory, over every stateful operator
 */
@Schema(name = "QueryFlow", description = "How the run keeps up, as of its last progress: lag, rates, late rows, state")
public record Flow(Lag lag, double inputRowsPerSecond, double processedRowsPerSecond, boolean behind,
                   @Schema(nullable = true) Instant behindSince, @Schema(nullable = true) Instant watermark,
                   LateRows lateRows, State state) {

    public static final Flow NONE = new Flow(Lag.NONE, 0, 0, null, null, new LateRows(0, 0), new State(0, 0));

    /** @param behindSince null when the run is not behind */
    public Flow(Lag lag, double inputRowsPerSecond, double processedRowsPerSecond, Instant behindSince, Instant watermark,
                LateRows lateRows, State state) {
        this(lag, inputRowsPerSecond, processedRowsPerSecond, behindSince != null, behindSince, watermark, lateRows, state);
    }

    /**
     * @param lastBatch Spark's {@code numRowsDroppedByWatermark} of the last batch, summed over operators
     * @param total     the same since the run started
     */
    public record LateRows(long lastBatch, long total) {
    }

    public record State(long rows, long memoryBytes) {
    }
}
