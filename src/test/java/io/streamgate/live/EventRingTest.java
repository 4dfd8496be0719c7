package io.streamgate.live;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventRingTest {

    @Test
    void aClientGetsWhatItMissedAndAGapWhenMoreThanIsKept() {
        EventRing ring = new EventRing(3);
        for (int i = 1; i <= 5; i++) {
            assertThat(ring.add("progress", i).id()).isEqualTo(Integer.toString(i));
        }
        assertThat(ring.since(4)).extracting(LiveEvent::id).containsExactly("5");
        assertThat(ring.since(5)).isEmpty();
        assertThat(ring.lastId()).isEqualTo(5);
        List<LiveEvent> late = ring.since(1);
        assertThat(late).extracting(LiveEvent::name).containsExactly("gap", "progress", "progress", "progress");
        assertThat(late.get(0).data().toString()).contains("dropped=1");
        assertThat(late).extracting(LiveEvent::id).containsExactly("2", "3", "4", "5");
    }
}
