package io.streamgate.archive;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import org.apache.catalina.connector.RequestFacade;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the client of a request whose body was read has gone away, found without writing to it.
 * Tomcat reads nothing more from a connection while a servlet works on its request, so a client that
 * closes it is noticed only by the next write; an archive query writes nothing until its answer. This
 * asks Tomcat's connector for a read that does not block, which finds the end of the stream once the
 * client has closed the connection. Only on Tomcat, which the service runs on; elsewhere a client is never seen to
 * go, and its query runs to its answer or its timeout.
 */
final class ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final Field CONNECTOR_REQUEST = connectorRequestField();

    private final org.apache.coyote.Request coyote;

    private ClientConnection(org.apache.coyote.Request coyote) {
        this.coyote = coyote;
    }

    static ClientConnection of(ServletRequest request) {
        while (request instanceof ServletRequestWrapper wrapper) {
            request = wrapper.getRequest();
        }
        if (CONNECTOR_REQUEST == null || !(request instanceof RequestFacade facade)) {
            return new ClientConnection(null);
        }
        try {
            org.apache.catalina.connector.Request connector = (org.apache.catalina.connector.Request) CONNECTOR_REQUEST.get(facade);
            return new ClientConnection(connector.getCoyoteRequest());
        } catch (IllegalAccessException e) {
            return new ClientConnection(null);
        }
    }

    /**
     * Called from the request's own thread while it waits, when no one else reads the connection. A read
     * that hits the end of the stream reports a byte available without one buffered; so would a client
     * that sent its next request before this one's answer (HTTP pipelining, which clients do not use).
     */
    boolean gone() {
        if (coyote == null) {
            return false;
        }
        coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
        AtomicBoolean error = new AtomicBoolean();
        coyote.action(ActionCode.IS_ERROR, error);
        return error.get() || coyote.getAvailable() > 0;
    }

    private static Field connectorRequestField() {
        try {
            Field field = RequestFacade.class.getDeclaredField("request");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("Archive queries will not see clients go away: {}", e.toString());
            return null;
        }
    }
}
