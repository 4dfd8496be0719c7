package io.streamgate.pipeline;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What a query computes from its topic's records: the built-in parse and validate, or a user's SQL. */
public sealed interface Select {

    /** The default query's: every record parsed and validated, with dead letters and the archive. */
    record BuiltIn() implements Select {
    }

    /**
     * A user's Spark SQL over the {@code events} view; checked by {@link SqlGuard} before Spark sees it.
     *
     * @param watermark   how late an event may arrive for the event-time watermark on {@code timestamp};
     *                    null: no watermark
     * @param outputMode  how Spark writes the results; null only in a request, before the plan decides it
     * @param outputTopic the Kafka topic each result row is also written to as JSON; null: none
     */
    record Sql(String sql, String watermark, OutputMode outputMode, String outputTopic) implements Select {

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
                QueryDefinition.intervalMillis("watermark", watermark);
            }
            if (outputTopic != null) {
                requireTopicName("outputTopic", outputTopic);
            }
        }

        /** The watermark as Spark's {@code withWatermark} takes it. */
        String watermarkInterval() {
            return QueryDefinition.intervalMillis("watermark", watermark) + " milliseconds";
        }

        public Sql withOutputMode(OutputMode mode) {
            return new Sql(sql, watermark, mode, outputTopic);
        }
    }

    /** A name Kafka accepts for a topic, and not one of Kafka's internal topics. */
    static void requireTopicName(String what, String name) {
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new InvalidQueryException(what + " is not a valid Kafka topic name: " + e.getMessage());
        }
        if (Topic.isInternal(name) || name.toLowerCase(Locale.ROOT).startsWith("__")) {
            throw new InvalidQueryException(what + " '" + name + "' is one of Kafka's internal topics");
        }
    }
}
