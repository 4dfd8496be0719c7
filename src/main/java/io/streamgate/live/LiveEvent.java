package io.streamgate.live;

import tools.jackson.databind.json.JsonMapper;

/**
 * One server-sent event: its {@code id:} (what a client sends back as {@code Last-Event-ID}), its
 * {@code event:} name, and its data, written as JSON. Its text is written the first time a subscriber
 * sends it and kept, so an event that many clients watch is formatted once, not once per client.
 */
final class LiveEvent {

    static final String GAP = "gap";

    private final String id;
    private final String name;
    private final Object data;
    private volatile String text;

    LiveEvent(String id, String name, Object data) {
        this.id = id;
        this.name = name;
        this.data = data;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    Object data() {
        return data;
    }

    /** The event in the text/event-stream format; its data is one line of JSON. */
    String text(JsonMapper json) {
        String formatted = text;
        if (formatted == null) {
            // Two writers may both format it at first; they write the same text.
            StringBuilder sse = new StringBuilder();
            if (id != null) {
                sse.append("id:").append(id).append('\n');
            }
            sse.append("event:").append(name).append('\n')
                    .append("data:").append(json.writeValueAsString(data)).append("\n\n");
            formatted = sse.toString();
            text = formatted;
        }
        return formatted;
    }
}
