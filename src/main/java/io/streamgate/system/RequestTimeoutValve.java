package io.streamgate.system;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;

/**
 * After a 408, Tomcat would read the rest of the body before it closes the connection ("swallowing" it,
 * so that the connection could carry another request): from a client that drips its body, that takes as
 * long as the client likes, on the request thread the 408 was meant to free. This tells Tomcat not to.
 */
class RequestTimeoutValve extends ValveBase {

    RequestTimeoutValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (response.getStatus() == HttpStatus.REQUEST_TIMEOUT.value()) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
