package io.streamgate.live;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecordEventsTest {

    final RecordEvents events = new RecordEvents("testTopic");
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void tailsReadingTheSameRecordSendTheSameEvent() {
        LiveEvent first = events.of(record(0, 7, 1_000L, "k", "{\"id\":1}"));
        LiveEvent again = events.of(record(0, 7, 1_000L, "k", "{\"id\":1}"));

        assertThat(again).isSameAs(first);
        assertThat(first.id()).as("each tail gives it its client's position").isNull();
        assertThat(first.name()).isEqualTo("record");
        assertThat(again.text(json)).isEqualTo(first.text(json));
        assertThat(first.withId("0:7,1:3").text(json)).isEqualTo("id:0:7,1:3\n" + first.text(json));
        assertThat(first.text(json)).startsWith("event:record\ndata:{").endsWith("}\n\n")
                .contains("\"key\":\"k\"", "\"value\":\"{\\\"id\\\":1}\"", "\"partition\":0", "\"offset\":7",
                        "\"timestamp\":\"1970-01-01T00:00:01Z\"", "\"headers\":{\"source\":\"test\"}");
    }

    @Test
    void anotherPartitionOffsetOrTopicIncarnationIsAnotherEvent() {
        LiveEvent event = events.of(record(0, 7, 1_000L, "k", "a"));

        assertThat(events.of(record(1, 7, 1_000L, "k", "a"))).isNotSameAs(event);
        assertThat(events.of(record(0, 8, 1_000L, "k", "a"))).isNotSameAs(event);
        // the topic deleted and made again: offset 7 is another record now
        LiveEvent recreated = events.of(record(0, 7, 2_000L, "other", "b"));
        assertThat(recreated).isNotSameAs(event);
        assertThat(recreated.data()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("key", "other").containsEntry("value", "b");
    }

    @Test
    void aRecordPushedOutOfItsSlotIsMadeAgainCorrectly() {
        LiveEvent old = events.of(record(0, 1, 1_000L, "k1", "a"));
        events.of(record(0, 1 + RecordEvents.SLOTS, 1_000L, "k2", "b"));

        LiveEvent again = events.of(record(0, 1, 1_000L, "k1", "a"));
        assertThat(again).isNotSameAs(old);
        assertThat(again.data()).isEqualTo(old.data());
    }

    @Test
    void aLargeRecordIsNotKeptButEachTailGetsItRight() {
        String large = "x".repeat(RecordEvents.MAX_KEPT_BYTES + 1);
        LiveEvent first = events.of(record(0, 3, 1_000L, "k", large));
        LiveEvent second = events.of(record(0, 3, 1_000L, "k", large));

        assertThat(second).isNotSameAs(first);
        assertThat(second.text(json)).isEqualTo(first.text(json)).contains(large);
    }

    @Test
    void theTopicIsKeptWhileItHasTails() {
        assertThat(events.join().join()).isSameAs(events);
        assertThat(events.leave()).isFalse();
        assertThat(events.leave()).isTrue();
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, long timestamp, String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("source", "test".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ConsumerRecord<>("testTopic", partition, offset, timestamp, TimestampType.CREATE_TIME, 0, 0,
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                headers, Optional.empty());
    }
}
