package io.streamgate.live;

/**
 * One server-sent event: its {@code id:} (what a client sends back as {@code Last-Event-ID}), its
 * {@code event:} name, and its data, written as JSON.
 */
record LiveEvent(String id, String name, Object data) {

    static final String GAP = "gap";
}
