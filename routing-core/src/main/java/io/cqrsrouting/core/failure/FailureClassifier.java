package io.cqrsrouting.core.failure;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Decides what kind of failure an exception reports, from SQLStates and vendor error codes, never
 * from driver exception subclasses (mssql-jdbc throws a plain {@code SQLServerException} for
 * everything). Stateless and thread-safe; allocates only while classifying.
 *
 * <p>The whole chain is examined: {@link Throwable#getCause() causes} (so framework wrappers such
 * as Spring's {@code DataAccessException} are seen through), {@link
 * SQLException#getNextException() next exceptions} (batch failures, SQL Server error chains) and
 * {@link Throwable#getSuppressed() suppressed exceptions} (an ORM whose rollback failed after a
 * read was cut off throws the rollback's error, with the read's failure suppressed in it), with
 * cycles and excessive depth cut off. The first exception, in that order, whose evidence maps to a
 * kind other than {@link FailureKind#OTHER} decides; a SQL Server error number that must never be
 * retried (login failed, 18456) decides as {@link FailureKind#OTHER}.
 *
 * <p>Rules, in order, for one {@link SQLException}:
 * <ol>
 *   <li>a SQL Server error number from the tables below (PostgreSQL's driver always reports 0);
 *   <li>the SQLState: {@code 25006} read-only; {@code 57014} and {@code HY008} timeout;
 *       {@code 40001}, {@code 40P01} transient, or replica conflict when the message says "conflict
 *       with recovery" (as does {@code 57P04}); {@code 53300} transient; {@code 57P01}–{@code 57P03}
 *       and class {@code 08} connection lost;
 *   <li>a SQL Server error severity of 20 or more: connection lost;
 *   <li>a JDBC {@link SQLTransientConnectionException} with no SQLState (HikariCP's "connection is
 *       not available, request timed out" when the pool was merely exhausted): transient.
 * </ol>
 *
 * <p>{@link Failure#nothingApplied()} is set for read-only rejections, for failures that only occur
 * while a connection is being opened ({@code 08001}, {@code 08004}, {@code 53300}, {@code 57P03};
 * SQL Server 4060, 4221, 42108, 42109, 18401, 17197, 976, 978, 982, 18456), and for any
 * {@code SQLTransientConnectionException}, which HikariCP throws when it could not hand out a
 * connection at all, and which the router throws when opening a connection failed (mssql-jdbc
 * reports a refused connection and a connection lost mid-statement alike, as SQLState
 * {@code 08S01} with error code 0, so only where the failure happened can tell them apart).
 */
public final class FailureClassifier {

    /** At most this many distinct throwables of one chain are examined. */
    static final int MAX_EXAMINED = 32;

    private FailureClassifier() {
    }

    /**
     * @param failure any throwable, possibly wrapped several times; may be {@code null}
     * @return the classification, {@link Failure#unknown()} if nothing in the chain is recognised
     */
    public static Failure classify(Throwable failure) {
        if (failure == null) {
            return Failure.unknown();
        }
        Throwable[] seen = new Throwable[MAX_EXAMINED];
        Throwable[] pending = new Throwable[MAX_EXAMINED * 2];
        int seenCount = 0;
        int top = 0;
        pending[top++] = failure;
        while (top > 0 && seenCount < MAX_EXAMINED) {
            Throwable t = pending[--top];
            if (t == null || contains(seen, seenCount, t)) {
                continue;
            }
            seen[seenCount++] = t;
            if (t instanceof SQLException) {
                Failure f = classifyOne((SQLException) t);
                if (f != null) {
                    return f;
                }
            }
            // Depth first; a SQLException's next exceptions before its cause, suppressed
            // exceptions last (a failed rollback or close hides the original failure there).
            Throwable[] suppressed = t.getSuppressed();
            for (int i = suppressed.length - 1; i >= 0 && top < pending.length; i--) {
                pending[top++] = suppressed[i];
            }
            if (top < pending.length) {
                pending[top++] = t.getCause();
            }
            if (t instanceof SQLException && top < pending.length) {
                pending[top++] = ((SQLException) t).getNextException();
            }
        }
        return Failure.unknown();
    }

    /**
     * @param failure any throwable
     * @return whether the database provably applied nothing for the failed call (see
     *     {@link Failure#nothingApplied()})
     */
    public static boolean nothingApplied(Throwable failure) {
        return classify(failure).nothingApplied();
    }

    private static boolean contains(Throwable[] seen, int count, Throwable t) {
        for (int i = 0; i < count; i++) {
            if (seen[i] == t) {
                return true;
            }
        }
        return false;
    }

    /** @return the failure this one exception shows, or {@code null} if it shows nothing known */
    private static Failure classifyOne(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        boolean poolTimeout = e instanceof SQLTransientConnectionException;
        FailureKind kind = code == 0 ? null : SqlServerCodes.kind(code);
        boolean nothingApplied = poolTimeout || (kind != null && SqlServerCodes.atLogin(code));
        if (kind == null && state != null) {
            kind = byState(state, e.getMessage());
            nothingApplied |= kind == FailureKind.READ_ONLY || stateAtConnect(state);
        }
        if (kind == null && SqlServerSeverity.of(e) >= 20) {
            kind = FailureKind.CONNECTION_LOST;
        }
        if (kind == null && poolTimeout && state == null) {
            kind = FailureKind.TRANSIENT;
        }
        if (kind == null) {
            return null;
        }
        nothingApplied |= kind == FailureKind.READ_ONLY;
        return new Failure(kind, state, code, nothingApplied, e);
    }

    private static FailureKind byState(String state, String message) {
        switch (state) {
            case "25006": // PostgreSQL read_only_sql_transaction
                return FailureKind.READ_ONLY;
            case "57014": // PostgreSQL query_canceled (statement_timeout, cancel request)
                return recoveryConflict(message) ? FailureKind.REPLICA_CONFLICT : FailureKind.TIMEOUT;
            case "HY008": // mssql-jdbc: query timeout or Statement.cancel()
                return FailureKind.TIMEOUT;
            case "40001": // serialization_failure (PostgreSQL); deadlock victim 1205 (mssql-jdbc)
            case "40P01": // PostgreSQL deadlock_detected (also buffer-pin deadlock with recovery)
                return recoveryConflict(message) ? FailureKind.REPLICA_CONFLICT
                        : FailureKind.TRANSIENT;
            case "57P04": // PostgreSQL database_dropped: standby session ended by a database conflict
                return recoveryConflict(message) ? FailureKind.REPLICA_CONFLICT : null;
            case "53300": // PostgreSQL too_many_connections (raised at connection start)
                return FailureKind.TRANSIENT;
            case "57P01": // PostgreSQL admin_shutdown (pg_terminate_backend, fast shutdown)
            case "57P02": // PostgreSQL crash_shutdown
            case "57P03": // PostgreSQL cannot_connect_now (starting up, shutting down, recovering)
                return FailureKind.CONNECTION_LOST;
            default:
                return state.startsWith("08") ? FailureKind.CONNECTION_LOST : null;
        }
    }

    /** @return whether the state is only ever raised before a session exists */
    private static boolean stateAtConnect(String state) {
        return "08001".equals(state) // sqlclient_unable_to_establish_sqlconnection (refused)
                || "08004".equals(state) // sqlserver_rejected_establishment_of_sqlconnection
                || "53300".equals(state)
                || "57P03".equals(state);
    }

    /**
     * PostgreSQL reports recovery conflicts on a hot standby as 40001 (or 40P01, 57P04) with the
     * message "canceling statement / terminating connection due to conflict with recovery"
     * (src/backend/tcop/postgres.c, storage/ipc/standby.c). Only the English message is recognised;
     * with translated server messages such a conflict is classified as transient, which is retried
     * the same way.
     */
    private static boolean recoveryConflict(String message) {
        return message != null && message.contains("conflict with recovery");
    }
}
