package africa.bengobox.auth.admin;

import java.util.NoSuchElementException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem details for every failure of the admin API; never a stack trace. */
@RestControllerAdvice(basePackageClasses = AdminProblems.class)
class AdminProblems {

    /** 412: the If-Match did not name the current version. */
    static final class PreconditionFailed extends RuntimeException {
        PreconditionFailed(String message) {
            super(message);
        }
    }

    /** 422: an Idempotency-Key reused for a different request. */
    static final class KeyReused extends RuntimeException {
        KeyReused() {
            super("this Idempotency-Key was used for a different request");
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ProblemDetail unreadable(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, e instanceof MethodArgumentTypeMismatchException m
                ? m.getName() + " is not valid" : "the request body is not valid JSON of the expected shape");
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound() {
        return problem(HttpStatus.NOT_FOUND, "no such resource");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail conflict(DuplicateKeyException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({OptimisticLockingFailureException.class, PreconditionFailed.class})
    ProblemDetail stale(RuntimeException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "the resource has changed since you read it; read it again (ETag) and retry");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return "If-Match".equalsIgnoreCase(e.getHeaderName())
                ? problem(HttpStatus.PRECONDITION_REQUIRED, "If-Match with the resource's ETag is required")
                : problem(HttpStatus.BAD_REQUEST, e.getHeaderName() + " header is required");
    }

    @ExceptionHandler(KeyReused.class)
    ProblemDetail keyReused(KeyReused e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method() {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "method not allowed");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType() {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json");
    }

    static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }
}
