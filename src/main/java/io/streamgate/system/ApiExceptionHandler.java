package io.streamgate.system;

import io.streamgate.messages.BatchNotFullyStoredException;
import io.streamgate.messages.BatchTooLargeException;
import io.streamgate.messages.InvalidMessageException;
import io.streamgate.messages.KafkaUnavailableException;
import io.streamgate.messages.ReadOnlyTopicException;
import io.streamgate.messages.RecordTooLargeForKafkaException;
import io.streamgate.pipeline.definition.ErrorText;
import io.streamgate.archive.ArchiveQueryTimeoutException;
import io.streamgate.archive.TooManyArchiveQueriesException;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.plan.TooManyQueriesException;
import io.streamgate.pipeline.storage.StorageUnavailableException;
import io.streamgate.queries.QueryNotFoundException;
import io.streamgate.queries.QueryStartFailedException;
import io.streamgate.kafka.KafkaAdminUnavailableException;
import io.streamgate.live.InvalidTailRequestException;
import io.streamgate.kafka.NoSuchTopicException;
import io.streamgate.live.ShuttingDownException;
import io.streamgate.live.TooManySubscribersException;
import io.streamgate.pipeline.spark.SparkUnavailableException;
import io.streamgate.pipeline.storage.StorageNotSharedException;
import io.streamgate.queries.QueryStateException;
import io.streamgate.queries.relations.RelationInUseException;
import io.streamgate.queries.relations.RelationNotFoundException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem details. Spring MVC's own exceptions (415, 405, 404, type
 * mismatches) are handled by the base class; the feature packages' own exceptions are mapped to HTTP
 * here, and only here.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({InvalidMessageException.class, InvalidQueryException.class, InvalidTailRequestException.class})
    ProblemDetail invalidRequest(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        if (e instanceof InvalidQueryException query && query.errorClass() != null) {
            problem.setProperty("errorClass", query.errorClass());
        }
        return problem;
    }

    @ExceptionHandler({QueryNotFoundException.class, NoSuchTopicException.class, RelationNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ReadOnlyTopicException.class)
    ProblemDetail readOnly(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /** A limit of what runs at once: queries, cores held by real-time queries, live streams. */
    @ExceptionHandler({TooManyQueriesException.class, TooManySubscribersException.class, TooManyArchiveQueriesException.class})
    ProblemDetail tooMany(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    }

    @ExceptionHandler({KafkaUnavailableException.class, KafkaAdminUnavailableException.class, SparkUnavailableException.class,
            StorageUnavailableException.class, QueryStartFailedException.class, ShuttingDownException.class})
    ProblemDetail unavailable(RuntimeException e) {
        log.warn("Unavailable: {}", e.getMessage());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler({ContentTooLargeException.class, BatchTooLargeException.class, RecordTooLargeForKafkaException.class})
    ProblemDetail contentTooLarge(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(ArchiveQueryTimeoutException.class)
    ProblemDetail archiveTimeout(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
    }

    @ExceptionHandler(RequestBodyTimeoutException.class)
    ProblemDetail bodyTimeout(RequestBodyTimeoutException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.REQUEST_TIMEOUT, e.getMessage());
    }

    @ExceptionHandler(BatchNotFullyStoredException.class)
    ProblemDetail batchNotFullyStored(BatchNotFullyStoredException e) {
        log.warn("Batch not fully stored: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setProperty("results", e.results());
        return problem;
    }

    @ExceptionHandler(StorageNotSharedException.class)
    ProblemDetail storageNotShared(StorageNotSharedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(RelationInUseException.class)
    ProblemDetail relationInUse(RelationInUseException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("queries", e.queries());
        return problem;
    }

    @ExceptionHandler(QueryStateException.class)
    ProblemDetail wrongQueryState(QueryStateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("state", e.status().state());
        return problem;
    }

    /** Tomcat reads the query string only when a parameter is asked for: a malformed one fails there. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail malformedQueryString(InvalidParameterException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The query string is not valid: its parameters must be URL-encoded UTF-8");
    }

    /** The last resort: logged with its stack trace here, answered without it. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service could not handle the request; the cause is in its log");
    }

    /** Says what is wrong with the body in one line, instead of Spring's generic "Failed to read request". */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContentTooLargeException tooLarge) {
                return handleExceptionInternal(e, contentTooLarge(tooLarge), headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
            if (t instanceof RequestBodyTimeoutException slow) {
                return handleExceptionInternal(e, bodyTimeout(slow), headers, HttpStatus.REQUEST_TIMEOUT, request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape: " + reason(e));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String reason(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String firstLine = ErrorText.firstLine(message);
        return firstLine.length() > 300 ? firstLine.substring(0, 300) + "…" : firstLine;
    }
}
