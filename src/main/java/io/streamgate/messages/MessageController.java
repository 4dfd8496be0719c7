package io.streamgate.messages;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.StringNode;

import java.util.List;

@RestController
@RequestMapping(path = "/messages", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "messages", description = "Publish messages to the Kafka topic")
class MessageController {

    private static final String STORED = """
            {"topic": "testTopic", "partition": 0, "offset": 42, "timestamp": "2026-11-29T20:15:30.123Z"}""";
    private static final String PROBLEM_400 = """
            {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "'value' is required and must not be null", "instance": "/messages"}""";
    private static final String PROBLEM_503 = """
            {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "Kafka did not acknowledge the record within 10000 ms", "instance": "/messages"}""";

    private final MessagePublisher publisher;

    MessageController(MessagePublisher publisher) {
        this.publisher = publisher;
    }

    @Operation(operationId = "publishMessage", summary = "Publish one message",
            description = "Answers once Kafka has acknowledged the record (acks=all). A body of type text/plain is "
                    + "taken too, as the record's value (no key, no headers): the same as a JSON message whose "
                    + "value is that text as a JSON string.")
    @ApiResponse(responseCode = "200", description = "Stored by Kafka",
            content = @Content(schema = @Schema(implementation = PublishedRecord.class), examples = @ExampleObject(value = STORED)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or no value",
            content = @Content(examples = @ExampleObject(value = PROBLEM_400)))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time",
            content = @Content(examples = @ExampleObject(value = PROBLEM_503)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    PublishedRecord publish(@RequestBody MessageRequest message) {
        return publisher.publish(message);
    }

    /** Documented with {@link #publish}: one operation per path and method in OpenAPI, and clients call the JSON one. */
    @Hidden
    @PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE)
    PublishedRecord publishText(@RequestBody String value) {
        return publisher.publish(new MessageRequest(null, StringNode.valueOf(value), null));
    }

    @Operation(operationId = "publishBatch", summary = "Publish many messages together",
            description = "All records are handed to the producer at once and acknowledged together. Nothing is sent "
                    + "unless every message is valid. If any record is not acknowledged, the answer is 503 and its "
                    + "problem details list every record's outcome under 'results'.")
    @ApiResponse(responseCode = "200", description = "Every record stored, one result per record in order",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = BatchItemResult.class)),
                    examples = @ExampleObject(value = """
                    [{"index": 0, "topic": "testTopic", "partition": 0, "offset": 43, "timestamp": "2026-11-29T20:15:30.200Z"},
                     {"index": 1, "topic": "testTopic", "partition": 0, "offset": 44, "timestamp": "2026-11-29T20:15:30.200Z"}]""")))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or a message without value; nothing was sent")
    @ApiResponse(responseCode = "413", description = "More messages than streamgate.messages.max-batch-size, or a body too large")
    @ApiResponse(responseCode = "503", description = "Some records were not acknowledged; see 'results'")
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<BatchItemResult> publishBatch(@RequestBody List<MessageRequest> messages) {
        return publisher.publishAll(messages);
    }
}
