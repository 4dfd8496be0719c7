package io.streamgate.live;

import io.swagger.v3.oas.annotations.media.Schema;

/** A topic of the service that can be tailed, and what it is: the topic, its dead letters, a query's output, a stream's or a table's. */
@Schema(name = "TailableTopic")
public record TailableTopic(String name, @Schema(allowableValues = {"topic", "dead-letters", "output", "stream", "table"}) String role) {
}
