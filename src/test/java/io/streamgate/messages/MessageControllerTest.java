package io.streamgate.messages;

import io.streamgate.system.ApiSliceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;

/** POST /messages and /messages/batch as HTTP sees them: bodies, content types, and each failure's status. */
@ApiSliceTest(MessageController.class)
@TestPropertySource(properties = "streamgate.api.max-body-size=1KB")
class MessageControllerTest {

    private static final PublishedRecord STORED = new PublishedRecord("testTopic", 0, 42, Instant.parse("2026-11-29T20:15:30Z"));

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    MessagePublisher publisher;

    @Test
    void aStoredMessageAnswersWhereKafkaStoredIt() {
        given(publisher.publish(any())).willReturn(STORED);

        assertThat(postJson("/messages", "{\"key\": \"k\", \"value\": {\"id\": 1}}")).hasStatusOk()
                .bodyJson().isLenientlyEqualTo("{\"topic\": \"testTopic\", \"partition\": 0, \"offset\": 42}");
        assertThat(mvc.post().uri("/messages").contentType(MediaType.TEXT_PLAIN).content("hello")).hasStatusOk();
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(postJson("/messages", "{\"value\": "), 400, "not valid JSON");
        assertProblem(postJson("/messages/batch", "[{\"value\": 1},"), 400, "not valid JSON");
    }

    @Test
    void anInvalidMessageIsABadRequest() {
        given(publisher.publish(any())).willThrow(new InvalidMessageException("'value' is required and must not be null"));
        assertProblem(postJson("/messages", "{\"key\": \"k\"}"), 400, "'value' is required");
    }

    @Test
    void aBatchOverTheMaximumIsTooLarge() {
        given(publisher.publishAll(anyList())).willThrow(new BatchTooLargeException("at most 1000 are allowed"));
        assertProblem(postJson("/messages/batch", "[{\"value\": 1}]"), 413, "at most 1000");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        assertProblem(mvc.post().uri("/messages").contentType(MediaType.TEXT_PLAIN).content("x".repeat(1025)), 413, "1024");
    }

    @Test
    void anUnsupportedContentTypeIsRefused() {
        assertProblem(mvc.post().uri("/messages").contentType(MediaType.APPLICATION_XML).content("<value>1</value>"), 415, null);
    }

    @Test
    void kafkaNotAcknowledgingIsServiceUnavailable() {
        given(publisher.publish(any())).willThrow(new KafkaUnavailableException("Kafka did not acknowledge the record within 10000 ms", null));
        assertProblem(postJson("/messages", "{\"value\": 1}"), 503, "did not acknowledge");
    }

    @Test
    void aBatchNotFullyStoredListsEveryRecordsOutcome() {
        List<BatchItemResult> outcomes = List.of(BatchItemResult.stored(0, STORED), BatchItemResult.failed(1, "timed out"));
        given(publisher.publishAll(anyList())).willThrow(new BatchNotFullyStoredException(outcomes, 1));

        MvcTestResult result = postJson("/messages/batch", "[{\"value\": 1}, {\"value\": 2}]");
        assertProblem(result, 503, "1 of 2 records");
        assertThat(result).bodyJson().isLenientlyEqualTo(
                "{\"results\": [{\"index\": 0, \"offset\": 42}, {\"index\": 1, \"error\": \"timed out\"}]}");
    }

    private MvcTestResult postJson(String path, String body) {
        return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private void assertProblem(MockMvcTester.MockMvcRequestBuilder request, int status, String detail) {
        assertProblem(request.exchange(), status, detail);
    }

    private static void assertProblem(MvcTestResult result, int status, String detail) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
        if (detail != null) {
            assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detail);
        }
    }
}
