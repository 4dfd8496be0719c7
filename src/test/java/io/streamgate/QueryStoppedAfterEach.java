package io.streamgate;

import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of integration tests that start the streaming query: the app's port, and the query stopped
 * after each test, so that the next test of the class starts from a stopped query.
 */
public abstract class QueryStoppedAfterEach {

    @LocalServerPort
    protected int port;

    @AfterEach
    void stopQuery() {
        new Api(port).post("/queries/stop");
    }
}
