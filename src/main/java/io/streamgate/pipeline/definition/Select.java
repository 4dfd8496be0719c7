package io.streamgate.pipeline.definition;

import java.nio.charset.StandardCharsets;

/** What a query computes from its topic's records: the built-in parse and validate, or a user's SQL. */
public sealed interface Select {

    /** Every record parsed and validated, every column: the {@code events} view, with its fields as one JSON object. */
    record BuiltIn() implements Select {
    }

    /**
     * A user's Spark SQL over the {@code events} view; checked by {@code sql.SqlGuard} before Spark sees it.
     *
     * @param watermark  how late an event may arrive for the event-time watermark on {@code timestamp};
     *                   null: no watermark
     * @param outputMode how Spark writes the results; null only in a request, before the check decides it
     */
    record Sql(String sql, String watermark, OutputMode outputMode) implements Select {

        /** Bytes of SQL text accepted. */
        public static final int MAX_SQL_BYTES = 16 * 1024;

        public Sql {
            if (sql == null || sql.isBlank()) {
                throw new InvalidQueryException("sql is required: one SELECT statement over the events view");
            }
            int bytes = sql.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SQL_BYTES) {
                throw new InvalidQueryException("sql is " + bytes + " bytes; at most " + MAX_SQL_BYTES + " are accepted");
            }
            if (watermark != null) {
                Interval.millis("watermark", watermark);
            }
        }

        /** The watermark as Spark's {@code withWatermark} takes it. */
        public String watermarkInterval() {
            return Interval.millis("watermark", watermark) + " milliseconds";
        }

        public Sql withOutputMode(OutputMode mode) {
            return new Sql(sql, watermark, mode);
        }
    }
}
