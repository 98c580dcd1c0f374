package io.cqrsrouting.testkit;

/**
 * Thrown when the testkit cannot do what it was asked: a server that does not start, a
 * control that times out, a query against a node that fails. Messages carry the relevant
 * tail of the server log but never the password.
 */
public class PostgresTestkitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PostgresTestkitException(String message) {
        super(message);
    }

    public PostgresTestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
