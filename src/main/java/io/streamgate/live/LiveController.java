package io.streamgate.live;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;

/** Server-sent events: a topic's records as they arrive, and a query's state, progress and rows. */
@RestController
@Tag(name = "live", description = "Server-sent events (text/event-stream): topics and queries as they change")
class LiveController {

    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final TopicTail tails;
    private final QueryEvents queryEvents;

    LiveController(TopicTail tails, QueryEvents queryEvents) {
        this.tails = tails;
        this.queryEvents = queryEvents;
    }

    @Operation(operationId = "listTopics", summary = "The topics that can be tailed: the topic, its dead letters, queries' outputs")
    @ApiResponse(responseCode = "200", description = "The topics",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = TailableTopic.class))))
    @GetMapping(path = "/topics", produces = MediaType.APPLICATION_JSON_VALUE)
    List<TailableTopic> topics() {
        return tails.tailable();
    }

    @Operation(operationId = "tailTopic", summary = "A topic's records as they arrive",
            description = "Events: `record` (data {key, value, partition, offset, timestamp, headers}; id the "
                    + "client's place in every partition, `<partition>:<offset>,…`, the last record it has from each, "
                    + "after which the tail goes on when sent back as Last-Event-ID), `gap` (records Kafka no longer "
                    + "has since Last-Event-ID, or events dropped for a slow client), `error`. A comment every 15 s keeps the stream open. The service's "
                    + "own topics only: its topic, its dead-letter topic, and users' queries' output topics. When the service stops, its streams end.")
    @ApiResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = """
                            id: 0:42
                            event: record
                            data: {"key":"order-42","value":"{\\"id\\":42}","partition":0,"offset":42,"timestamp":"2026-12-02T10:00:00Z","headers":{}}
                            """)))
    @ApiResponse(responseCode = "400", description = "from is neither latest nor earliest")
    @ApiResponse(responseCode = "404", description = "Not one of the service's topics")
    @ApiResponse(responseCode = "429", description = "streamgate.live.max-subscribers streams are open")
    @ApiResponse(responseCode = "503", description = "Kafka did not give the topic's positions, or the service is shutting down")
    @GetMapping(path = "/topics/{topic}/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter tail(@Parameter(example = "testTopic") @PathVariable String topic,
                    @Parameter(description = "Where a new client begins") @RequestParam(defaultValue = "latest") String from,
                    @Parameter(description = "Only records with this key") @RequestParam(required = false) String key,
                    @Parameter(description = "The id of the last event seen, to go on after it")
                    @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
                    HttpServletResponse response) {
        streamHeaders(response);
        return tails.tail(topic, from, key, lastEventId).emitter();
    }

    @Operation(operationId = "streamQueryEvents", summary = "A query's state, progress and result rows as they change",
            description = "Events, each with an id: `state` (data {state, failure, runId, restarts}; sent first, and on "
                    + "every change), `progress` (each Spark progress report: batchId, numInputRows, inputRowsPerSecond, "
                    + "processedRowsPerSecond, durationMs, watermark), `rows` (a batch's new or updated result rows, at "
                    + "most streamgate.live.rows-per-event), `gap` (events missed beyond what is kept, or dropped for a "
                    + "slow client). Reconnect with Last-Event-ID to get what was missed. When the service stops, its streams end.")
    @ApiResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = """
                            id: 7
                            event: progress
                            data: {"batchId":3,"numInputRows":120,"inputRowsPerSecond":240.0,"processedRowsPerSecond":410.9,"durationMs":{"addBatch":180},"watermark":null}
                            """)))
    @ApiResponse(responseCode = "404", description = "No query of that name")
    @ApiResponse(responseCode = "429", description = "streamgate.live.max-subscribers streams are open")
    @ApiResponse(responseCode = "503", description = "The service is shutting down")
    @GetMapping(path = "/queries/{name}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter queryEvents(@Parameter(example = "streamgate") @PathVariable String name,
                           @Parameter(description = "The id of the last event seen, to get what was missed")
                           @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
                           HttpServletResponse response) {
        streamHeaders(response);
        return queryEvents.subscribe(name, lastEventId).emitter();
    }

    /** Proxies such as nginx buffer responses unless told not to; an event stream must not wait. */
    private static void streamHeaders(HttpServletResponse response) {
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
    }
}
