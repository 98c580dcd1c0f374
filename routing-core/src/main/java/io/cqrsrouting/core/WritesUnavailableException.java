package io.cqrsrouting.core;

/**
 * No writable primary is reachable right now: the primary endpoint answers read-only (a rolling
 * upgrade, a failover in flight) or does not answer at all. Commands fail fast with this exception
 * while reads keep working on replicas; the condition ends by itself as soon as the monitor sees a
 * writable primary again.
 *
 * <p>When the router refuses a command up front (the writer was already known to be unreachable or
 * read-only), nothing of the command was sent. When the primary rejects a write as read-only
 * during the call ({@code RoutingSpi.reportFailure}), the message says whether statements of the
 * call that committed before it (autocommit, or an earlier transaction) stay applied; a command
 * that is not idempotent should be retried only when they do not.
 */
public class WritesUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why writes are unavailable (never carries a password) */
    public WritesUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message why writes are unavailable (never carries a password)
     * @param cause the failure that revealed it, if any
     */
    public WritesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
