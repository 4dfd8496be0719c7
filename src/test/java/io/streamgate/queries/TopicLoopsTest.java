package io.streamgate.queries;

import io.streamgate.queries.TopicLoops.Flow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopicLoopsTest {

    private static final Flow DEAD_LETTERS = new Flow("streamgate", "testTopic", "testTopic.DLT");

    @Test
    void aQueryThatWritesTheTopicItReadsIsALoopOfOne() {
        Flow self = new Flow("echo", "orders", "orders");
        assertThat(TopicLoops.closedBy(self, List.of())).contains(List.of(self));
    }

    @Test
    void aChainThroughOtherQueriesAndTheDeadLettersIsFoundWithEveryStep() {
        Flow fromDeadLetters = new Flow("retry", "testTopic.DLT", "retried");
        Flow back = new Flow("back", "retried", "testTopic");
        List<Flow> loop = TopicLoops.closedBy(back, List.of(DEAD_LETTERS, fromDeadLetters)).orElseThrow();
        assertThat(loop).containsExactly(back, DEAD_LETTERS, fromDeadLetters);
        assertThat(TopicLoops.describe(loop)).isEqualTo("'back' reads 'retried' and writes 'testTopic', then "
                + "'streamgate' reads 'testTopic' and writes 'testTopic.DLT', then "
                + "'retry' reads 'testTopic.DLT' and writes 'retried'");
    }

    @Test
    void readingTheDeadLettersOrAChainThatEndsIsNoLoop() {
        Flow fromDeadLetters = new Flow("retry", "testTopic.DLT", "retried");
        Flow onwards = new Flow("onwards", "retried", "report");
        assertThat(TopicLoops.closedBy(fromDeadLetters, List.of(DEAD_LETTERS, onwards))).isEmpty();
        assertThat(TopicLoops.closedBy(onwards, List.of(DEAD_LETTERS, fromDeadLetters))).isEmpty();
    }

    @Test
    void aLoopAmongOtherQueriesDoesNotHangTheSearch() {
        List<Flow> others = List.of(new Flow("a", "x", "y"), new Flow("b", "y", "x"));
        assertThat(TopicLoops.closedBy(new Flow("c", "z", "x"), others)).isEmpty();
    }
}
