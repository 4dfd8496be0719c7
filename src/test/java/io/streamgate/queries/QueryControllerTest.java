package io.streamgate.queries;

import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.results.ProcessedRecord;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.pipeline.results.ResultsListener;
import io.streamgate.pipeline.spark.SparkUnavailableException;
import io.streamgate.pipeline.storage.StorageNotSharedException;
import io.streamgate.system.ApiSliceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/** The /queries endpoints as HTTP sees them: what they take, and each refusal's status and problem. */
@ApiSliceTest(QueryController.class)
class QueryControllerTest {

    private static final QueryStatus NOT_STARTED = QueryStatus.notStarted("streamgate", Restarts.Snapshot.NONE, null);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    QueryRegistry queries;

    @MockitoBean
    ResultTables results;

    @Test
    void aStartTakesNoBodyOrAnOptionsObject() {
        given(queries.defaultName()).willReturn("streamgate");
        given(queries.start(eq("streamgate"), any())).willReturn(NOT_STARTED);
        assertThat(mvc.post().uri("/queries/start")).hasStatusOk().bodyJson().extractingPath("$.state").isEqualTo("NOT_STARTED");
        assertThat(mvc.post().uri("/queries/start").contentType(MediaType.APPLICATION_JSON)
                .content("{\"startingOffsets\": \"earliest\", \"mode\": \"real-time\"}")).hasStatusOk();
        assertProblem(mvc.post().uri("/queries/start").contentType(MediaType.APPLICATION_JSON).content("{\"trigger\": ").exchange(),
                400, "not valid JSON");
    }

    @Test
    void eachRefusalHasItsStatus() {
        given(queries.defaultName()).willReturn("streamgate");
        willThrow(new InvalidQueryException("trigger must be an interval")).given(queries).start(eq("streamgate"), any());
        assertProblem(mvc.post().uri("/queries/start").exchange(), 400, "trigger");

        willThrow(new QueryStateException("The query is already running; stop it first", NOT_STARTED)).given(queries).start(eq("streamgate"), any());
        MvcTestResult conflict = mvc.post().uri("/queries/start").exchange();
        assertProblem(conflict, 409, "already running");
        assertThat(conflict).bodyJson().extractingPath("$.state").isEqualTo("NOT_STARTED");

        willThrow(mock(StorageNotSharedException.class)).given(queries).start(eq("streamgate"), any());
        assertThat(mvc.post().uri("/queries/start")).hasStatus(409);

        willThrow(mock(SparkUnavailableException.class)).given(queries).start(eq("streamgate"), any());
        assertThat(mvc.post().uri("/queries/start")).hasStatus(503);
    }

    @Test
    void resultsAreTheNewestRowsUpToTheCapacity() {
        given(queries.defaultName()).willReturn("streamgate");
        ResultTable table = ResultTable.of(ResultTable.Shape.RECORDS, "streamgate", 100, ResultsListener.NONE);
        table.write(List.of(new ProcessedRecord("k", "{\"id\":1}", "testTopic", 0, 7,
                Instant.parse("2026-11-29T20:15:30Z"), "{\"id\":1}", true, null, 3, Instant.parse("2026-11-29T20:15:31Z")),
                new ProcessedRecord("other", "{}", "testTopic", 0, 8, Instant.parse("2026-11-29T20:15:31Z"), "{}", true, null,
                        3, Instant.parse("2026-11-29T20:15:31Z"))));
        given(results.capacity()).willReturn(100);
        given(results.find("streamgate")).willReturn(java.util.Optional.of(table));

        assertThat(mvc.get().uri("/queries/results?limit=2&key=k")).hasStatusOk().bodyJson().isLenientlyEqualTo(
                "[{\"key\": \"k\", \"offset\": 7, \"fields\": {\"id\": 1}, \"valid\": true, \"batchId\": 3}]");
        assertProblem(mvc.get().uri("/queries/results?limit=0").exchange(), 400, "between 1 and 100");
        assertProblem(mvc.get().uri("/queries/results?limit=101").exchange(), 400, "between 1 and 100");
        assertProblem(mvc.get().uri("/queries/results?limit=ten").exchange(), 400, null);
    }

    private static void assertProblem(MvcTestResult result, int status, String detail) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        if (detail != null) {
            assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detail);
        }
    }
}
