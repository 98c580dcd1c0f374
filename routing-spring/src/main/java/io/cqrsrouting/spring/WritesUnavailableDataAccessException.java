package io.cqrsrouting.spring;

import io.cqrsrouting.core.WritesUnavailableException;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Spring's form of {@link WritesUnavailableException}: no writable primary is reachable right now
 * (read-only during a rolling upgrade, or a failover in flight). Nothing was applied, so the
 * operation may be retried later; as a {@link TransientDataAccessException} it is what Spring's
 * retry support and exception handlers already treat as transient.
 *
 * <p>The {@linkplain #getCause() cause} is the original {@link WritesUnavailableException}.
 *
 * <p>In a Spring MVC application it becomes HTTP 503 Service Unavailable by itself (it carries
 * {@link ResponseStatus}, honoured also when it is the cause of what a handler throws); an
 * {@code @ExceptionHandler} of your own can add a {@code Retry-After} header or a problem detail.
 * Without Spring Web on the class path the annotation is simply absent.
 */
@ResponseStatus(value = HttpStatus.SERVICE_UNAVAILABLE,
        reason = "Writes are temporarily unavailable; try again shortly")
public class WritesUnavailableDataAccessException extends TransientDataAccessException {

    private static final long serialVersionUID = 1L;

    /** @param cause the router's exception */
    public WritesUnavailableDataAccessException(WritesUnavailableException cause) {
        super(cause.getMessage(), cause);
    }

    /**
     * Returns the Spring form of {@code ex} if it is, or is caused by, a
     * {@link WritesUnavailableException}; otherwise {@code ex} itself.
     *
     * @param ex an exception leaving a routed method
     * @return the exception to throw
     */
    public static RuntimeException translate(RuntimeException ex) {
        if (ex instanceof WritesUnavailableDataAccessException) {
            return ex;
        }
        Throwable t = ex;
        // Bounded walk: cause chains are short, and a cycle must not hang the caller.
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof WritesUnavailableException w) {
                return new WritesUnavailableDataAccessException(w);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return ex;
    }
}
