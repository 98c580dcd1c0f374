package io.cqrsrouting.core.failure;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The router could not open a connection to an endpoint, so nothing of the caller's work reached
 * the database. Carries the SQLState and vendor code of the driver's exception, which is its cause.
 *
 * <p>Why it exists: mssql-jdbc reports a refused or failed connection and a connection lost in
 * the middle of a statement alike (SQLState {@code 08S01}, error code 0), so the exception alone
 * cannot say whether the work may have been applied. The router knows where the failure happened
 * and says so with this type, which {@link FailureClassifier} reads as
 * {@link Failure#nothingApplied() nothing applied}. The kind still comes from the driver's
 * evidence: a failed login (18456) stays {@link FailureKind#OTHER} and is never retried.
 */
public final class ConnectFailedException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint's short name and masked description
     * @param cause what the driver or pool threw
     */
    public ConnectFailedException(String endpoint, SQLException cause) {
        super("could not open a connection to " + endpoint + " (nothing was sent): "
                + cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
    }

    /**
     * @param endpoint the endpoint's short name and masked description
     * @param failure what opening the connection threw
     * @return {@code failure} itself when it already says nothing was applied (a pool's own
     *     {@link SQLTransientConnectionException}), else a {@code ConnectFailedException} around it
     */
    public static SQLException of(String endpoint, SQLException failure) {
        return failure instanceof SQLTransientConnectionException ? failure
                : new ConnectFailedException(endpoint, failure);
    }
}
