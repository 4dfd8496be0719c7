package io.streamgate.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The last events of one query, numbered 1, 2, 3 …, so that a client that comes back with
 * {@code Last-Event-ID} gets what it missed; when it missed more than is kept, a {@code gap} event
 * first says how many.
 */
final class EventRing {

    private final int capacity;
    private final Deque<LiveEvent> events = new ArrayDeque<>();
    private long lastId;

    EventRing(int capacity) {
        this.capacity = capacity;
    }

    synchronized LiveEvent add(String name, Object data) {
        LiveEvent event = new LiveEvent(Long.toString(++lastId), name, data);
        events.addLast(event);
        if (events.size() > capacity) {
            events.removeFirst();
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
        long oldestKept = events.isEmpty() ? lastId + 1 : Long.parseLong(events.getFirst().id());
        if (lastSeen + 1 < oldestKept && lastSeen < lastId) {
            // Its id is the last one gone: a client that resumes from it asks for nothing it cannot get.
            missed.add(new LiveEvent(Long.toString(oldestKept - 1), LiveEvent.GAP, Map.of("dropped", oldestKept - lastSeen - 1,
                    "reason", "more events than streamgate.live.replay keeps happened since Last-Event-ID " + lastSeen)));
        }
        for (LiveEvent event : events) {
            if (Long.parseLong(event.id()) > lastSeen) {
                missed.add(event);
            }
        }
        return missed;
    }
}
