package io.streamgate.kafka;

/** A topic of the service's own, and what it is to the service. */
public record KnownTopic(String name, Role role) {

    public enum Role {
        /** The service's topic, which queries read as {@code events}. */
        TOPIC("topic"),
        /** Where invalid records go: the service alone writes it. */
        DEAD_LETTERS("dead-letters"),
        /** A query's output topic. */
        OUTPUT("output"),
        /** A registered stream's topic. */
        STREAM("stream"),
        /** A registered table's topic: {@code "value": null} is a tombstone there. */
        TABLE("table");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        /** As the API names it. */
        public String label() {
            return label;
        }
    }

    /** Whether clients may produce to it: every topic but the dead letters. */
    public boolean producible() {
        return role != Role.DEAD_LETTERS;
    }
}
