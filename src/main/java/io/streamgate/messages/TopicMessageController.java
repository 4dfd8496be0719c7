package io.streamgate.messages;

import io.streamgate.kafka.KnownTopic;
import io.streamgate.kafka.KnownTopics;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.StringNode;

import java.util.List;

/**
 * The same bodies and answers as {@code /messages}, to any topic of the service's own that clients may
 * write: its topic, and queries' output topics. The dead-letter topic is the service's alone (403); any
 * other topic is a 404.
 */
@RestController
@RequestMapping(path = "/topics/{topic}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "messages")
class TopicMessageController {

    private static final String STORED = """
            {"topic": "big-orders", "partition": 0, "offset": 7, "timestamp": "2026-12-05T10:15:30.123Z"}""";
    private static final String PROBLEM_404 = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "'payments' is not a topic of this service: its topic, its dead-letter topic, or a query's output topic", "instance": "/topics/payments/messages"}""";
    private static final String PROBLEM_403 = """
            {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "'testTopic.DLT' is the dead-letter topic: only the service writes to it", "instance": "/topics/testTopic.DLT/messages"}""";

    private final MessagePublisher publisher;
    private final KnownTopics topics;

    TopicMessageController(MessagePublisher publisher, KnownTopics topics) {
        this.publisher = publisher;
        this.topics = topics;
    }

    @Operation(operationId = "publishMessageToTopic", summary = "Publish one message to one of the service's topics",
            description = "As POST /messages, to the service's topic, a registered stream's or table's topic, or a "
                    + "query's output topic (GET /topics lists them). On a table's topic the key is required, and "
                    + "\"value\": null is a tombstone: it deletes the key. A text/plain body is taken too, as the record's value.")
    @ApiResponse(responseCode = "200", description = "Stored by Kafka",
            content = @Content(schema = @Schema(implementation = PublishedRecord.class), examples = @ExampleObject(value = STORED)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON, no value (except a tombstone on a table's topic), "
            + "or no key on a table's topic")
    @ApiResponse(responseCode = "403", description = "The dead-letter topic: only the service writes to it",
            content = @Content(examples = @ExampleObject(value = PROBLEM_403)))
    @ApiResponse(responseCode = "404", description = "Not a topic of this service",
            content = @Content(examples = @ExampleObject(value = PROBLEM_404)))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    PublishedRecord publish(@PathVariable String topic, @RequestBody MessageRequest message) {
        return publisher.publish(producible(topic), message);
    }

    /** Documented with {@link #publish}, as {@code /messages}' text form is. */
    @Hidden
    @PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE)
    PublishedRecord publishText(@PathVariable String topic, @RequestBody String value) {
        return publisher.publish(producible(topic), new MessageRequest(null, StringNode.valueOf(value), null));
    }

    @Operation(operationId = "publishBatchToTopic", summary = "Publish many messages to one of the service's topics",
            description = "As POST /messages/batch, to any topic POST /topics/{topic}/messages takes, with its tombstones.")
    @ApiResponse(responseCode = "200", description = "Every record stored, one result per record in order",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = BatchItemResult.class))))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or a message without value; nothing was sent")
    @ApiResponse(responseCode = "403", description = "The dead-letter topic: only the service writes to it")
    @ApiResponse(responseCode = "404", description = "Not a topic of this service")
    @ApiResponse(responseCode = "413", description = "More messages than streamgate.messages.max-batch-size, or a body too large")
    @ApiResponse(responseCode = "503", description = "Some records were not acknowledged; see 'results'")
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<BatchItemResult> publishBatch(@PathVariable String topic, @RequestBody List<MessageRequest> messages) {
        return publisher.publishAll(producible(topic), messages);
    }

    private KnownTopic producible(String name) {
        KnownTopic topic = topics.require(name);
        if (!topic.producible()) {
            throw new ReadOnlyTopicException(name);
        }
        return topic;
    }
}
