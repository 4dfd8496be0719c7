package io.streamgate.live;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a tail's client is in each partition of its topic: the offset of the last record it has from
 * each (one before where it began, for a partition it has nothing from yet). Written as every
 * {@code record} event's id, {@code 0:15,1:58,2:7}, so that a client that reconnects with it as
 * {@code Last-Event-ID} goes on after those records in every partition, not only the last record's; a
 * one-partition topic's ids are {@code 0:15}.
 */
final class TailPosition {

    private static final Pattern ID = Pattern.compile("\\d{1,9}:-?\\d{1,19}(,\\d{1,9}:-?\\d{1,19})*");

    private final TreeMap<Integer, Long> last = new TreeMap<>();
    private String id;

    /** The offsets of the last records a client had; empty for no id, or one that is not a tail's. */
    static Map<Integer, Long> parse(String lastEventId) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (lastEventId == null || !ID.matcher(lastEventId).matches()) {
            return offsets;
        }
        for (String pair : lastEventId.split(",")) {
            int colon = pair.indexOf(':');
            try {
                offsets.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
            } catch (NumberFormatException tooLarge) {
                return new TreeMap<>();
            }
        }
        return offsets;
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
