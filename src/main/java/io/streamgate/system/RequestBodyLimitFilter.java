package io.streamgate.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;

/**
 * Limits request bodies. Over {@code streamgate.api.max-body-size} is a 413: Tomcat limits only form
 * posts, so JSON and text bodies are limited here, by Content-Length before anything is read, and for
 * chunked bodies by counting bytes while the body is read. A body not read whole within
 * {@code streamgate.api.body-timeout} of the request's start is a 408: Tomcat's
 * {@code connection-timeout} cuts a client that stalls, but not one that drips a byte now and then,
 * which would hold a request thread for as long as it likes. The deadline is checked as the body is
 * read, so requests that read none (the event streams among them) are not touched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final long timeoutMillis;
    private final ProblemResponses problems;
    private final Clock clock;

    RequestBodyLimitFilter(ApiProperties properties, ProblemResponses problems, Clock clock) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.timeoutMillis = properties.bodyTimeout().toMillis();
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            // The unread body is not worth keeping the connection for.
            response.setHeader("Connection", "close");
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
            return;
        }
        // A body of unknown length is chunked, or none at all: only reading it costs anything.
        chain.doFilter(length != 0 ? new LimitedRequest(request, length < 0, clock.millis() + timeoutMillis) : request,
                response);
    }

    private String tooLarge() {
        return "The request body is larger than the limit of " + maxBytes + " bytes";
    }

    /** Counts the bytes of a body of unknown length, and fails a read past the limit or the deadline. */
    private final class LimitedRequest extends HttpServletRequestWrapper {

        private final boolean counted;
        private final long deadline;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, boolean counted, long deadline) {
            super(request);
            this.counted = counted;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream(), counted, deadline);
            }
            return limited;
        }
    }

    private final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final boolean counted;
        private final long deadline;
        private long read;

        LimitedInputStream(ServletInputStream in, boolean counted, long deadline) {
            this.in = in;
            this.counted = counted;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            requireInTime();
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            requireInTime();
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void requireInTime() {
            if (!in.isFinished() && clock.millis() > deadline) {
                // Answered with 408, after which Tomcat closes the connection (RequestTimeoutValve: at once).
                throw new RequestBodyTimeoutException("The request body did not arrive whole within " + timeoutMillis
                        + " ms of the request (streamgate.api.body-timeout)");
            }
        }

        private void count(int n) {
            read += n;
            if (counted && read > maxBytes) {
                throw new ContentTooLargeException(tooLarge());
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
