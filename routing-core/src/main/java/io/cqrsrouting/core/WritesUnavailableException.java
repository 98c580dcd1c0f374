package io.cqrsrouting.core;

/**
 * No writable primary is reachable right now: the primary endpoint answers read-only (a rolling
 * upgrade, a failover in flight) or does not answer at all. Commands fail fast with this exception
 * while reads keep working on replicas; the condition ends by itself as soon as the monitor sees a
 * writable primary again.
 *
 * <p>Nothing was applied by the call that receives it, so the caller may retry later.
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
