package io.streamgate.live;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a tail's client is in each partition of its topic: the offset of the last record it has from
 * each (one before where it began, for a partition it has nothing from yet). Written as every
 * {@code record} event's id, {@code 0:15,1:58,2:7}, so that a client that reconnects with it as
 * {@code Last-Event-ID} goes on after those records in every partition, not only the last record's; a
 * one-partition topic's ids are {@code 0:15}.
 */
final class TailPosition {

    /**
     * Characters of a {@code Last-Event-ID} read: Tomcat's default limit on all of a request's headers,
     * past which no client can send one anyway (a topic of about 400 partitions has ids that long).
     */
    static final int MAX_ID_LENGTH = 8 * 1024;

    private final TreeMap<Integer, Long> last = new TreeMap<>();
    private String id;

    /**
     * The offsets of the last records a client had, read pair by pair (no regular expression: one that
     * repeats a group recurses once per pair); empty for no id, or one that is not a tail's.
     *
     * @throws InvalidTailRequestException for an id longer than {@link #MAX_ID_LENGTH}
     */
    static Map<Integer, Long> parse(String lastEventId) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (lastEventId == null) {
            return offsets;
        }
        if (lastEventId.length() > MAX_ID_LENGTH) {
            throw new InvalidTailRequestException("Last-Event-ID is " + lastEventId.length() + " characters long; a "
                    + "tail's id is at most " + MAX_ID_LENGTH);
        }
        int start = 0;
        while (start <= lastEventId.length()) {
            int end = lastEventId.indexOf(',', start);
            String pair = lastEventId.substring(start, end < 0 ? lastEventId.length() : end);
            int colon = pair.indexOf(':');
            if (colon < 1 || colon > 9 || !digits(pair, 0, colon) || !offset(pair, colon + 1)) {
                return new TreeMap<>();
            }
            try {
                offsets.put(Integer.parseInt(pair, 0, colon, 10), Long.parseLong(pair, colon + 1, pair.length(), 10));
            } catch (NumberFormatException tooLarge) {
                return new TreeMap<>();
            }
            if (end < 0) {
                return offsets;
            }
            start = end + 1;
        }
        return offsets;
    }

    /** An offset as the ids write it: digits, after a minus for a partition a client has nothing of yet. */
    private static boolean offset(String text, int from) {
        int digitsFrom = from < text.length() && text.charAt(from) == '-' ? from + 1 : from;
        return text.length() - digitsFrom <= 19 && digits(text, digitsFrom, text.length());
    }

    private static boolean digits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The client has the records of the partition up to this offset. */
    void had(int partition, long offset) {
        last.put(partition, offset);
        id = null;
    }

    String id() {
        if (id == null) {
            StringBuilder text = new StringBuilder();
            last.forEach((partition, offset) -> text.append(text.isEmpty() ? "" : ",").append(partition).append(':').append(offset));
            id = text.toString();
        }
        return id;
    }
}
