package io.streamgate.queries;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the loop a query would close by writing to a topic that it reads, directly or through a chain of
 * queries' output topics (and the default query's dead letters). Such a loop feeds each row back in,
 * growing, until Kafka refuses a record too large.
 */
final class TopicLoops {

    /** A query that reads one topic and writes its rows (or dead letters) to another. */
    record Flow(String query, String from, String to) {

        @Override
        public String toString() {
            return "'" + query + "' reads '" + from + "' and writes '" + to + "'";
        }
    }

    private TopicLoops() {
    }

    /**
     * @param others the flows of every other query
     * @param added  the flow of the query being defined
     * @return the loop that {@code added} would close, starting with it; empty when there is none
     */
    static Optional<List<Flow>> closedBy(Flow added, List<Flow> others) {
        Deque<List<Flow>> paths = new ArrayDeque<>();
        paths.add(List.of(added));
        Set<String> reached = new HashSet<>();
        while (!paths.isEmpty()) {
            List<Flow> path = paths.poll();
            String topic = path.get(path.size() - 1).to();
            if (topic.equals(added.from())) {
                return Optional.of(path);
            }
            if (!reached.add(topic)) {
                continue;
            }
            for (Flow next : others) {
                if (next.from().equals(topic)) {
                    List<Flow> longer = new ArrayList<>(path);
                    longer.add(next);
                    paths.add(longer);
                }
            }
        }
        return Optional.empty();
    }

    /** The loop as a user reads it, step by step. */
    static String describe(List<Flow> loop) {
        return loop.stream().map(Flow::toString).collect(Collectors.joining(", then "));
    }
}
