package io.streamgate.live;

import tools.jackson.databind.json.JsonMapper;

/**
 * One server-sent event: its {@code id:} (what a client sends back as {@code Last-Event-ID}), its
 * {@code event:} name, and its data, written as JSON. The name and data are written the first time a
 * subscriber sends the event and kept, so an event that many clients watch is formatted once, not once
 * per client; {@link #withId} gives the same event another id (a tail's client's position) and shares that.
 */
final class LiveEvent {

    static final String GAP = "gap";

    private final String id;
    private final String name;
    private final Object data;
    private final LiveEvent formatted;
    private volatile String body;

    LiveEvent(String id, String name, Object data) {
        this(id, name, data, null);
    }

    private LiveEvent(String id, String name, Object data, LiveEvent formatted) {
        this.id = id;
        this.name = name;
        this.data = data;
        this.formatted = formatted == null ? this : formatted;
    }

    LiveEvent withId(String id) {
        return new LiveEvent(id, name, data, formatted);
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
        return appendTo(new StringBuilder(), json).toString();
    }

    StringBuilder appendTo(StringBuilder text, JsonMapper json) {
        if (id != null) {
            text.append("id:").append(id).append('\n');
        }
        return text.append(formatted.body(json));
    }

    private String body(JsonMapper json) {
        String text = body;
        if (text == null) {
            // Two writers may both format it at first; they write the same text.
            text = "event:" + name + "\n" + "data:" + json.writeValueAsString(data) + "\n\n";
            body = text;
        }
        return text;
    }
}
