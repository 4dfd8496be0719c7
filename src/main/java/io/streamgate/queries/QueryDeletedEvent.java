package io.streamgate.queries;

/** Published when a user query is deleted, so that what was kept for it (meters) goes too. */
public record QueryDeletedEvent(String name) {
}
