package io.streamgate.pipeline.definition;

import org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger;
import org.apache.spark.sql.streaming.Trigger;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;

/**
 * Intervals a request names (triggers, watermarks), in Spring's short form ({@code 500 ms}, {@code 2s})
 * or Spark's ({@code 2 seconds}, {@code 1 minute}), bounded so that none overflows where it is used in
 * milliseconds: at most {@link #MAX}.
 */
public final class Interval {

    /** The longest interval a request may name. */
    public static final Duration MAX = Duration.ofDays(365);
    /** Characters of interval text read; nothing longer is an interval anyone means. */
    static final int MAX_TEXT = 64;

    private Interval() {
    }

    /**
     * @param what the request field, for the message
     * @throws InvalidQueryException when the text is no interval, is negative, or is past {@link #MAX}
     */
    public static long millis(String what, String text) {
        if (text == null) {
            throw new InvalidQueryException(what + " must be an interval such as '500 ms'");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidQueryException(what + " is " + text.length() + " characters long; an interval such as "
                    + "'500 ms' or '1 minute' is at most " + MAX_TEXT);
        }
        Duration duration = parse(what, text);
        if (duration.isNegative()) {
            throw new InvalidQueryException(what + " must not be negative: '" + text + "'");
        }
        if (duration.compareTo(MAX) > 0) {
            throw tooLong(what, text);
        }
        return duration.toMillis();
    }

    private static Duration parse(String what, String text) {
        try {
            return DurationStyle.SIMPLE.parse(text.replaceAll("\\s+", ""));
        } catch (ArithmeticException e) {
            throw tooLong(what, text);
        } catch (IllegalArgumentException notSpringStyle) {
            try {
                return Duration.ofMillis(((ProcessingTimeTrigger) Trigger.ProcessingTime(text)).intervalMs());
            } catch (ArithmeticException e) {
                throw tooLong(what, text);
            } catch (RuntimeException e) {
                throw new InvalidQueryException(what + " must be an interval such as '500 ms', '2s' or "
                        + "'1 minute', not '" + text + "'", e);
            }
        }
    }

    private static InvalidQueryException tooLong(String what, String text) {
        return new InvalidQueryException(what + " must be at most " + MAX.toDays() + " days, not '" + text + "'");
    }
}
