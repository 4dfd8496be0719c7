package io.streamgate.live;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@code record} events of one topic, shared by its tails: live tails read the same records within
 * moments of each other, so each record's event is made (and, by {@link LiveEvent}, formatted) once, by
 * whichever tail reads it first, and the others send the same one, each with its own id. A slot per
 * offset, per partition, keeps the most recent records (2,048: two seconds at 1,000 rec/s, while 100
 * tails fetch in rounds of 200 ms); a tail further behind makes its own. Large records are not kept, so
 * what is kept stays within a few MB per partition.
 */
final class RecordEvents {

    static final int SLOTS = 2048;
    static final int MAX_KEPT_BYTES = 8 * 1024;

    private final String topic;
    private final Map<Integer, AtomicReferenceArray<Slot>> partitions = new ConcurrentHashMap<>();
    private int tails; // changed only inside TopicTail's map, one change at a time

    RecordEvents(String topic) {
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    RecordEvents join() {
        tails++;
        return this;
    }

    /** @return whether that was its last tail */
    boolean leave() {
        return --tails == 0;
    }

    LiveEvent of(ConsumerRecord<byte[], byte[]> record) {
        AtomicReferenceArray<Slot> slots = partitions.computeIfAbsent(record.partition(),
                partition -> new AtomicReferenceArray<>(SLOTS));
        int index = (int) (record.offset() % SLOTS);
        Slot slot = slots.get(index);
        // The timestamp too: a topic deleted and made again starts its offsets over.
        if (slot != null && slot.offset == record.offset() && slot.timestamp == record.timestamp()) {
            return slot.event;
        }
        LiveEvent event = new LiveEvent(null, "record", data(record));
        if (length(record.key()) + length(record.value()) <= MAX_KEPT_BYTES) {
            slots.set(index, new Slot(record.offset(), record.timestamp(), event));
        }
        return event;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> data(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        Map<String, Object> data = new HashMap<>();
        data.put("key", text(record.key()));
        data.put("value", text(record.value()));
        data.put("partition", record.partition());
        data.put("offset", record.offset());
        data.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        data.put("headers", headers);
        return data;
    }

    private record Slot(long offset, long timestamp, LiveEvent event) {
    }
}
