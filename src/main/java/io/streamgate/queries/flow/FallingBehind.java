package io.streamgate.queries.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * Whether a query stays behind and keeps falling further behind: over the last {@code window} of
 * progress reports its lag never reached 0 and ended higher than it began. A backlog being drained
 * (the lag falling) is not behind, however large; nor is a lag that grows for less than the window.
 * Fed on Spark's listener thread, read by the API's: synchronized.
 */
public final class FallingBehind {

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Instant since; // when it was first seen behind, until it is not

    public FallingBehind(Duration window) {
        this.window = window;
    }

    private record Sample(Instant at, long lag) {
    }

    public synchronized void record(Instant at, long lag) {
        if (lag == 0) {
            samples.clear();
        } else {
            samples.addLast(new Sample(at, lag));
            // keep one sample at or before the window's start, so that the window is known to be covered
            while (samples.size() > 1) {
                Iterator<Sample> oldest = samples.iterator();
                oldest.next();
                if (oldest.next().at().isAfter(at.minus(window))) {
                    break;
                }
                samples.removeFirst();
            }
        }
        boolean behind = samples.size() > 1 && !samples.getFirst().at().isAfter(at.minus(window))
                && samples.getLast().lag() > samples.getFirst().lag();
        if (!behind) {
            since = null;
        } else if (since == null) {
            since = at;
        }
    }

    /** Since when the query has been behind; empty when it is not. */
    public synchronized Optional<Instant> since() {
        return Optional.ofNullable(since);
    }
}
