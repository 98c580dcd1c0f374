package io.cqrsrouting.core;

/**
 * A replica read found no eligible replica (all down, lagging past the bound, or behind the
 * caller's consistency token) and the router is configured to fail fast instead of falling back
 * to the primary.
 */
public class NoReplicaAvailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why no replica was eligible */
    public NoReplicaAvailableException(String message) {
        super(message);
    }
}
