package io.streamgate.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The last events of one query, numbered 1, 2, 3 …, so that a client that comes back with
 * {@code Last-Event-ID} gets what it missed; when it missed more than is kept, a {@code gap} event
 * first says how many. Bounded by events, and by the result rows the events carry, so that it never
 * keeps more rows than the query's results do: a backlog's batches fill each {@code rows} event.
 */
final class EventRing {

    private final int capacity;
    private final int rowCapacity;
    private final Deque<Kept> events = new ArrayDeque<>();
    private long rows;
    private long lastId;

    EventRing(int capacity, int rowCapacity) {
        this.capacity = capacity;
        this.rowCapacity = rowCapacity;
    }

    /** @param rows the result rows the event carries; the newest event is kept whatever it carries */
    synchronized LiveEvent add(String name, Object data, int rows) {
        LiveEvent event = new LiveEvent(Long.toString(++lastId), name, data);
        events.addLast(new Kept(event, rows));
        this.rows += rows;
        while (events.size() > capacity || this.rows > rowCapacity && events.size() > 1) {
            this.rows -= events.removeFirst().rows();
        }
        return event;
    }

    /** The id of the newest event, 0 before the first. */
    synchronized long lastId() {
        return lastId;
    }

    /** What a client that saw up to {@code lastSeen} missed, oldest first, with a gap event if some are gone. */
    synchronized List<LiveEvent> since(long lastSeen) {
        List<LiveEvent> missed = new ArrayList<>();
        long oldestKept = events.isEmpty() ? lastId + 1 : Long.parseLong(events.getFirst().event().id());
        if (lastSeen + 1 < oldestKept && lastSeen < lastId) {
            // Its id is the last one gone: a client that resumes from it asks for nothing it cannot get.
            missed.add(new LiveEvent(Long.toString(oldestKept - 1), LiveEvent.GAP, Map.of("dropped", oldestKept - lastSeen - 1,
                    "reason", "more events happened since Last-Event-ID " + lastSeen
                    + " than are kept (streamgate.live.replay, and the rows of streamgate.pipeline.results.capacity)")));
        }
        for (Kept kept : events) {
            if (Long.parseLong(kept.event().id()) > lastSeen) {
                missed.add(kept.event());
            }
        }
        return missed;
    }

    private record Kept(LiveEvent event, int rows) {
    }
}
