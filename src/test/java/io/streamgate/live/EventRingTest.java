package io.streamgate.live;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventRingTest {

    @Test
    void aClientGetsWhatItMissedAndAGapWhenMoreThanIsKept() {
        EventRing ring = new EventRing(3, 10);
        for (int i = 1; i <= 5; i++) {
            assertThat(ring.add("progress", i, 0).id()).isEqualTo(Integer.toString(i));
        }
        assertThat(ring.since(4)).extracting(LiveEvent::id).containsExactly("5");
        assertThat(ring.since(5)).isEmpty();
        assertThat(ring.lastId()).isEqualTo(5);
        List<LiveEvent> late = ring.since(1);
        assertThat(late).extracting(LiveEvent::name).containsExactly("gap", "progress", "progress", "progress");
        assertThat(late.get(0).data().toString()).contains("dropped=1");
        assertThat(late).extracting(LiveEvent::id).containsExactly("2", "3", "4", "5");
    }

    /** The rows its events carry count too: no more than the query's results keep, the newest event whatever it carries. */
    @Test
    void itKeepsNoMoreResultRowsThanTheResultsDo() {
        EventRing ring = new EventRing(100, 10);
        ring.add("rows", "a", 4);
        ring.add("progress", "p", 0);
        ring.add("rows", "b", 4);
        ring.add("rows", "c", 4);
        assertThat(ring.since(0)).extracting(LiveEvent::data).containsExactly(Map.of("dropped", 1L, "reason",
                "more events happened since Last-Event-ID 0 than are kept (streamgate.live.replay, and the rows of "
                        + "streamgate.pipeline.results.capacity)"), "p", "b", "c");

        ring.add("rows", "d", 20);
        assertThat(ring.since(4)).extracting(LiveEvent::data).containsExactly("d");
        assertThat(ring.since(0)).extracting(LiveEvent::name).containsExactly("gap", "rows");
    }
}
