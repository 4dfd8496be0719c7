package io.streamgate.messages;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
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

    @Operation(summary = "Publish one message",
            description = "Answers once Kafka has acknowledged the record (acks=all).")
    @ApiResponse(responseCode = "200", description = "Stored by Kafka",
            content = @Content(examples = @ExampleObject(value = STORED)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or no value",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = PROBLEM_400)))
    @ApiResponse(responseCode = "413", description = "Body over the configured limit",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = PROBLEM_503)))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    PublishedRecord publish(@RequestBody MessageRequest message) {
        return publisher.publish(message);
    }

    @Operation(summary = "Publish a plain-text body as the value",
            description = "The whole body becomes the record value; no key, no headers.")
    @ApiResponse(responseCode = "200", description = "Stored by Kafka",
            content = @Content(examples = @ExampleObject(value = STORED)))
    @PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE)
    PublishedRecord publishText(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "text/plain",
                    examples = @ExampleObject(value = "hello, kafka")))
            @RequestBody String value) {
        return publisher.publish(new MessageRequest(null, StringNode.valueOf(value), null));
    }

    @Operation(summary = "Publish many messages together",
            description = "All records are handed to the producer at once and acknowledged together. "
                    + "If any record is not acknowledged, the answer is 503 and its problem details list "
                    + "every record's outcome under 'results'.")
    @ApiResponse(responseCode = "200", description = "Every record stored, one result per record in order",
            content = @Content(examples = @ExampleObject(value = """
                    [{"index": 0, "topic": "testTopic", "partition": 0, "offset": 43, "timestamp": "2026-11-29T20:15:30.200Z"},
                     {"index": 1, "topic": "testTopic", "partition": 0, "offset": 44, "timestamp": "2026-11-29T20:15:30.200Z"}]""")))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or a message without value; nothing was sent",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "More messages than streamgate.messages.max-batch-size, or body too large",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "Some records were not acknowledged; see 'results'",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<BatchItemResult> publishBatch(@RequestBody List<MessageRequest> messages) {
        return publisher.publishAll(messages);
    }
}
