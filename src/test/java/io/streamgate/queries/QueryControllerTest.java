package io.streamgate.queries;

import io.streamgate.pipeline.InvalidQueryException;
import io.streamgate.pipeline.ProcessedRecord;
import io.streamgate.pipeline.ResultsBuffer;
import io.streamgate.pipeline.SparkUnavailableException;
import io.streamgate.pipeline.StorageNotSharedException;
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

    private static final QueryStatus NOT_STARTED = QueryStatus.notStarted("streamgate", Restarts.Snapshot.NONE);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    QueryRegistry queries;

    @MockitoBean
    ResultsBuffer results;

    @Test
    void aStartTakesNoBodyOrAnOptionsObject() {
        given(queries.startDefault(any())).willReturn(NOT_STARTED);
        assertThat(mvc.post().uri("/queries/start")).hasStatusOk().bodyJson().extractingPath("$.state").isEqualTo("NOT_STARTED");
        assertThat(mvc.post().uri("/queries/start").contentType(MediaType.APPLICATION_JSON)
                .content("{\"startingOffsets\": \"earliest\", \"mode\": \"real-time\"}")).hasStatusOk();
        assertProblem(mvc.post().uri("/queries/start").contentType(MediaType.APPLICATION_JSON).content("{\"trigger\": ").exchange(),
                400, "not valid JSON");
    }

    @Test
    void eachRefusalHasItsStatus() {
        willThrow(new InvalidQueryException("trigger must be an interval")).given(queries).startDefault(any());
        assertProblem(mvc.post().uri("/queries/start").exchange(), 400, "trigger");

        willThrow(new QueryStateException("The query is already running; stop it first", NOT_STARTED)).given(queries).startDefault(any());
        MvcTestResult conflict = mvc.post().uri("/queries/start").exchange();
        assertProblem(conflict, 409, "already running");
        assertThat(conflict).bodyJson().extractingPath("$.state").isEqualTo("NOT_STARTED");

        willThrow(mock(StorageNotSharedException.class)).given(queries).startDefault(any());
        assertThat(mvc.post().uri("/queries/start")).hasStatus(409);

        willThrow(mock(SparkUnavailableException.class)).given(queries).startDefault(any());
        assertThat(mvc.post().uri("/queries/start")).hasStatus(503);
    }

    @Test
    void resultsAreTheNewestRowsUpToTheCapacity() {
        given(results.capacity()).willReturn(100);
        given(results.latest(eq(2), eq("k"))).willReturn(List.of(new ProcessedRecord("k", "{\"id\":1}", "testTopic", 0, 7,
                Instant.parse("2026-11-29T20:15:30Z"), "{\"id\":1}", true, null, 3, Instant.parse("2026-11-29T20:15:31Z"))));

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
