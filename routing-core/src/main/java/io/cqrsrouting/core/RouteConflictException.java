package io.cqrsrouting.core;

/**
 * A scope asked for the primary while the current transaction is already bound to a replica.
 *
 * <p>A bound connection never switches, so the call cannot be honoured; it fails at once, before
 * any statement runs, instead of failing later with the database's "read-only transaction" error.
 * The message names the method and the scope that bound the transaction. Fix it by starting the
 * command outside the read-only transaction, or by marking the outer method as a command.
 */
public class RouteConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message names the method and why it cannot run */
    public RouteConflictException(String message) {
        super(message);
    }
}
