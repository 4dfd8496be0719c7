package io.streamgate.live;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TailPositionTest {

    @Test
    void theIdNamesTheLastRecordOfEveryPartitionInOrder() {
        TailPosition position = new TailPosition();
        position.had(2, 7);
        position.had(0, 4);
        position.had(1, -1);
        assertThat(position.id()).isEqualTo("0:4,1:-1,2:7");
        position.had(1, 0);
        assertThat(position.id()).isEqualTo("0:4,1:0,2:7");
    }

    @Test
    void aClientsIdIsReadBackPartitionByPartition() {
        assertThat(TailPosition.parse("0:15")).isEqualTo(Map.of(0, 15L));
        assertThat(TailPosition.parse("0:4,1:-1,2:7")).isEqualTo(Map.of(0, 4L, 1, -1L, 2, 7L));
    }

    @Test
    void anIdThatIsNoTailsResumesNothing() {
        assertThat(TailPosition.parse(null)).isEmpty();
        assertThat(TailPosition.parse("42")).as("a query stream's id").isEmpty();
        assertThat(TailPosition.parse("0:1,")).isEmpty();
        assertThat(TailPosition.parse("a:1")).isEmpty();
        assertThat(TailPosition.parse("0:99999999999999999999")).isEmpty();
        assertThat(TailPosition.parse("0:0,,1:1")).isEmpty();
        assertThat(TailPosition.parse("0:-")).isEmpty();
        assertThat(TailPosition.parse("1234567890:1")).as("a partition of ten digits").isEmpty();
    }

    @Test
    void aLongIdIsReadPairByPairAndOnePastTheBoundIsRefused() {
        String manyPairs = "0:0," .repeat(1899) + "0:0"; // recursed once per pair in a regular expression
        assertThat(TailPosition.parse(manyPairs)).isEqualTo(Map.of(0, 0L));
        String tooLong = "1:1,".repeat(TailPosition.MAX_ID_LENGTH / 4) + "1:1";
        assertThatThrownBy(() -> TailPosition.parse(tooLong)).isInstanceOf(InvalidTailRequestException.class)
                .hasMessageContaining("at most " + TailPosition.MAX_ID_LENGTH);
    }
}
