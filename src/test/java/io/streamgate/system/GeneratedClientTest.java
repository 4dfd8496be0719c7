package io.streamgate.system;

import io.streamgate.IntegrationTest;
import io.streamgate.QueryStoppedAfterEach;
import io.streamgate.client.ApiClient;
import io.streamgate.client.ApiException;
import io.streamgate.client.api.MessagesApi;
import io.streamgate.client.api.QueriesApi;
import io.streamgate.client.model.BatchItemResult;
import io.streamgate.client.model.MessageRequest;
import io.streamgate.client.model.Problem;
import io.streamgate.client.model.ProcessedRecord;
import io.streamgate.client.model.PublishedRecord;
import io.streamgate.client.model.QueryArchive;
import io.streamgate.client.model.QueryStatus;
import io.streamgate.client.model.StartQueryRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The main flow through a Java client that openapi-generator made from docs/openapi.json in this
 * build, as a user would generate theirs: typed calls, typed answers, a typed problem. If the client
 * cannot express a call, the contract is wrong.
 */
@IntegrationTest
class GeneratedClientTest extends QueryStoppedAfterEach {

    @Test
    void theMainFlowThroughTheGeneratedClient() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        MessagesApi messages = new MessagesApi(client);
        QueriesApi queries = new QueriesApi(client);
        String key = "client-" + UUID.randomUUID();

        PublishedRecord json = messages.publishMessage(new MessageRequest().key(key)
                .value(Map.of("id", 1, "name", "typed")).headers(Map.of("source", "generated-client")));
        assertThat(json.getTopic()).isEqualTo("testTopic");
        assertThat(json.getOffset()).isNotNegative();
        PublishedRecord text = messages.publishMessage(new MessageRequest().key(key + "-text").value("hello kafka"));
        assertThat(text.getOffset()).isGreaterThan(json.getOffset());
        List<BatchItemResult> batch = messages.publishBatch(List.of(
                new MessageRequest().key(key + "-batch").value(Map.of("id", 2, "name", "b")),
                new MessageRequest().key(key + "-batch").value(Map.of("id", "not a number"))));
        assertThat(batch).extracting(BatchItemResult::getIndex).containsExactly(0, 1);

        QueryStatus started = queries.startQuery(new StartQueryRequest().startingOffsets(StartQueryRequest.StartingOffsetsEnum.EARLIEST));
        assertThat(started.getState()).isEqualTo(QueryStatus.StateEnum.RUNNING);
        assertThat(started.getMode()).isEqualTo(QueryStatus.ModeEnum.MICRO_BATCH);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(queries.getQueryResults(10, key)).singleElement().satisfies(row -> {
                    assertThat(row.getValid()).isTrue();
                    assertThat(row.getFields()).isEqualTo(Map.of("id", 1, "name", "typed"));
                    assertThat(row.getProcessedAt()).isNotNull();
                }));
        ProcessedRecord textRow = queries.getQueryResults(1, key + "-text").get(0);
        assertThat(textRow.getValue()).isEqualTo("hello kafka");
        assertThat(textRow.getValidationError()).isEqualTo("value is not valid JSON");
        assertThat(queries.getQueryResults(10, key + "-batch")).extracting(ProcessedRecord::getValidationError)
                .containsExactly("field 'id' is not of type BIGINT; missing required field 'name'", null);

        // Spark reports a batch's progress once the batch is committed, just after its rows are delivered.
        await().atMost(Duration.ofSeconds(30)).until(() -> queries.getQueryStatus().getLastProgress() != null);
        QueryStatus status = queries.getQueryStatus();
        assertThat(status.getState()).isEqualTo(QueryStatus.StateEnum.RUNNING);
        assertThat(status.getLastProgress().getBatchId()).isNotNegative();
        assertThat(status.getLastProgress().getDurationMs()).containsKey("triggerExecution");
        assertThat(status.getArchive().getWriter()).isEqualTo(QueryArchive.WriterEnum.MAIN_QUERY);

        ApiException conflict = catchThrowableOfType(ApiException.class, () -> queries.startQuery(null));
        assertThat(conflict.getCode()).isEqualTo(409);
        Problem problem = client.getObjectMapper().readValue(conflict.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getState()).isEqualTo(Problem.StateEnum.RUNNING);
        assertThat(problem.getDetail()).contains("already running");

        assertThat(queries.stopQuery().getState()).isEqualTo(QueryStatus.StateEnum.STOPPED);
    }
}
