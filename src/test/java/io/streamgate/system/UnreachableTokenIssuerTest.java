package io.streamgate.system;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** A token issuer that cannot be reached: the token is not judged, and the answer is a 503 problem, not a 500. */
@ApiSliceTest(CallerController.class)
@TestPropertySource(properties = "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/realms/gone")
class UnreachableTokenIssuerTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aBearerTokenIsA503ProblemWhileTheIssuerCannotBeReached() {
        MvcTestResult result = mvc.get().uri("/me").header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln").exchange();
        assertThat(result).hasStatus(503);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("token issuer cannot be reached");
        assertThat(mvc.get().uri("/me")).as("without a token nothing is fetched").hasStatusOk();
    }
}
