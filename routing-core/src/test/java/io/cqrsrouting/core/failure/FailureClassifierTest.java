package io.cqrsrouting.core.failure;

import io.cqrsrouting.core.retry.Retrier;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.IOException;
import java.net.SocketException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static io.cqrsrouting.core.failure.Errors.pg;
import static io.cqrsrouting.core.failure.Errors.pgError;
import static io.cqrsrouting.core.failure.Errors.sqlServer;
import static io.cqrsrouting.core.failure.Errors.sqlServerDriver;
import static io.cqrsrouting.core.failure.Errors.sqlServerWithState;
import static org.assertj.core.api.Assertions.assertThat;

/** Classification of real pgjdbc and mssql-jdbc exception instances, bare and wrapped. */
class FailureClassifierTest {

    private static Failure classify(Throwable t) {
        return FailureClassifier.classify(t);
    }

    // --- PostgreSQL ------------------------------------------------------------------------

    @Test
    void postgresWriteOnAStandbyIsReadOnlyAndNothingApplied() {
        Failure f = classify(pgError("25006", "cannot execute INSERT in a read-only transaction"));
        assertThat(f.kind()).isEqualTo(FailureKind.READ_ONLY);
        assertThat(f.sqlState()).isEqualTo("25006");
        assertThat(f.nothingApplied()).isTrue();
    }

    @Test
    void postgresStatementTimeoutIsTimeout() {
        Failure f = classify(pgError("57014", "canceling statement due to statement timeout"));
        assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(f.nothingApplied()).isFalse();
    }

    @Test
    void postgresSerializationFailureIsTransientWithUnknownOutcome() {
        Failure f = classify(new PSQLException("could not serialize access",
                PSQLState.SERIALIZATION_FAILURE));
        assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(f.nothingApplied()).isFalse();
    }

    @Test
    void postgresRecoveryConflictOnAStandbyIsAReplicaConflict() {
        assertThat(classify(pgError("40001",
                "canceling statement due to conflict with recovery")).kind())
                .isEqualTo(FailureKind.REPLICA_CONFLICT);
        assertThat(classify(pg("FATAL", "40001",
                "terminating connection due to conflict with recovery")).kind())
                .isEqualTo(FailureKind.REPLICA_CONFLICT);
        assertThat(classify(pgError("40P01",
                "canceling statement due to conflict with recovery")).kind())
                .isEqualTo(FailureKind.REPLICA_CONFLICT);
        assertThat(classify(pg("FATAL", "57P04",
                "terminating connection due to conflict with recovery")).kind())
                .isEqualTo(FailureKind.REPLICA_CONFLICT);
    }

    @Test
    void aFailureSuppressedByAFailedRollbackIsFound() {
        // An ORM whose read was cut off tries to roll back on the dead connection; what reaches
        // the caller is the rollback's error, with the read's failure suppressed in it.
        IllegalStateException rollbackFailed = new IllegalStateException("Unable to rollback",
                new java.sql.SQLException("Connection is closed"));
        rollbackFailed.addSuppressed(new RuntimeException("could not execute query",
                new PSQLException("An I/O error occurred while sending to the backend.",
                        PSQLState.CONNECTION_FAILURE)));
        Failure f = classify(rollbackFailed);
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(f.sqlState()).isEqualTo("08006");
    }

    @Test
    void postgresDeadlockIsTransient() {
        assertThat(classify(new PSQLException("deadlock detected", PSQLState.DEADLOCK_DETECTED))
                .kind()).isEqualTo(FailureKind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P01", "57P02", "08006", "08003", "08P01", "08007"})
    void postgresLostConnectionsAreConnectionLostWithUnknownOutcome(String state) {
        Failure f = classify(pg("FATAL", state, "terminating connection"));
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(f.nothingApplied()).isFalse();
    }

    @Test
    void postgresConnectionRefusedIsConnectionLostAndNothingApplied() {
        Failure f = classify(new PSQLException("Connection to 127.0.0.1:1 refused.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT, new java.net.ConnectException("refused")));
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(f.sqlState()).isEqualTo("08001");
        assertThat(f.nothingApplied()).isTrue();
        assertThat(classify(new PSQLException("rejected", PSQLState.CONNECTION_REJECTED))
                .nothingApplied()).isTrue();
    }

    @Test
    void postgresStartingUpOrTooManyClientsHappenBeforeAnyStatement() {
        Failure starting = classify(pg("FATAL", "57P03", "the database system is starting up"));
        assertThat(starting.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(starting.nothingApplied()).isTrue();
        Failure tooMany = classify(pg("FATAL", "53300", "sorry, too many clients already"));
        assertThat(tooMany.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(tooMany.nothingApplied()).isTrue();
    }

    @Test
    void postgresConstraintViolationIsOther() {
        Failure f = classify(pgError("23505", "duplicate key value violates unique constraint"));
        assertThat(f.kind()).isEqualTo(FailureKind.OTHER);
        assertThat(f.kind().retryable()).isFalse();
    }

    // --- SQL Server / Azure SQL ------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {926, 4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 615, 10928,
            10929, 40143, 40540, 42108, 42109, 1205, 40020, 40166, 1204, 921, 941, 952, 988, 3960,
            3966, 18401, 17197, 49802, 40623})
    void azureTransientErrorNumbersAreTransient(int number) {
        // severity 16 keeps the severity rule out of it; the number decides
        Failure f = classify(sqlServer(number, 16, "transient " + number));
        assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(f.vendorCode()).isEqualTo(number);
    }

    @Test
    void databaseUnavailable40613IsTransientEvenAtItsRealSeverity() {
        Failure f = classify(sqlServer(40613, 17, "Database 'app' on server 'srv' is not "
                + "currently available. Please retry the connection later."));
        assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(f.nothingApplied()).isFalse();
    }

    @Test
    void loginPhaseErrorsMeanNothingApplied() {
        assertThat(classify(sqlServer(4060, 11, "Cannot open database")).nothingApplied()).isTrue();
        assertThat(classify(sqlServer(42109, 16, "The SQL pool is warming up")).nothingApplied())
                .isTrue();
        assertThat(classify(sqlServer(40197, 17, "service error")).nothingApplied()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {233, 64, 997, 10053, 10054, 10060, 121})
    void windowsSocketCodesThatMssqlJdbcNeverReportsAreNotInTheTable(int number) {
        // SqlClient reports these for transport failures; mssql-jdbc uses 08S01 / code 0 instead.
        assertThat(SqlServerCodes.kind(number)).isNull();
        assertThat(SqlServerCodes.atLogin(number)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {3961, 1219, 3947, 3948})
    void readableSecondaryErrorsAreReplicaConflicts(int number) {
        assertThat(classify(sqlServer(number, 16, "secondary")).kind())
                .isEqualTo(FailureKind.REPLICA_CONFLICT);
    }

    @ParameterizedTest
    @ValueSource(ints = {982, 976})
    void noReadableSecondaryMeansTheEndpointIsUnavailableAndNothingApplied(int number) {
        Failure f = classify(sqlServer(number, 14, "no readable secondary"));
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(f.nothingApplied()).isTrue();
    }

    @Test
    void readWriteIntentOnAReadOnlySecondary978IsReadOnlyAndNothingApplied() {
        Failure f = classify(sqlServer(978, 14, "The target database ('app') is in an availability"
                + " group and is currently accessible for connections when the application intent"
                + " is set to read only."));
        assertThat(f.kind()).isEqualTo(FailureKind.READ_ONLY);
        assertThat(f.nothingApplied()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"S0001", "08001"})
    void loginFailed18456IsNeverRetriedWhateverItsSqlState(String state) {
        // "08001" is what mssql-jdbc reports with xopenStates=true
        SQLServerException e = sqlServerWithState(18456, 14, "Login failed for user 'app'.", state);
        assertThat(e.getSQLState()).isEqualTo(state);
        Failure f = classify(e);
        assertThat(f.kind()).isEqualTo(FailureKind.OTHER);
        assertThat(f.kind().retryable()).isFalse();
        assertThat(Retrier.mayRetry(io.cqrsrouting.core.RoutingIntent.query(), false, e))
                .isFalse();
    }

    @Test
    void aDriverConnectFailureSaysNothingAppliedOnlyWhenTheRouterSaysWhereItHappened() {
        // mssql-jdbc: refused connection and lost connection are both 08S01 with code 0
        SQLServerException raw = sqlServerDriver("The TCP/IP connection to the host h, port 1433"
                + " has failed.", "08S01", 0, null);
        assertThat(classify(raw).kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(classify(raw).nothingApplied()).isFalse();
        Failure atConnect = classify(ConnectFailedException.of("primary", raw));
        assertThat(atConnect.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(atConnect.nothingApplied()).isTrue();
        assertThat(atConnect.sqlState()).isEqualTo("08S01");
    }

    @Test
    void aLoginFailureAtConnectIsStillNeverRetried() {
        Failure f = classify(ConnectFailedException.of("primary",
                sqlServerWithState(18456, 14, "Login failed for user 'app'.", "08001")));
        assertThat(f.kind()).isEqualTo(FailureKind.OTHER);
    }

    @Test
    void readOnlyDatabase3906IsReadOnlyAndNothingApplied() {
        Failure f = classify(sqlServer(3906, 16,
                "Failed to update database \"app\" because the database is read-only."));
        assertThat(f.kind()).isEqualTo(FailureKind.READ_ONLY);
        assertThat(f.nothingApplied()).isTrue();
    }

    @Test
    void deadlockVictimGetsSqlState40001FromTheDriverAndIsTransient() {
        SQLServerException e = sqlServer(1205, 13, "Transaction was deadlocked");
        assertThat(e.getSQLState()).isEqualTo("40001");
        assertThat(classify(e).kind()).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void severity20OrMoreIsConnectionLost() {
        Failure f = classify(sqlServer(21, 20, "A severe error occurred"));
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(classify(sqlServer(50000, 16, "user error")).kind())
                .isEqualTo(FailureKind.OTHER);
    }

    @Test
    void driverCommunicationFailure08S01WithCode0IsConnectionLost() {
        SQLServerException e = sqlServerDriver("Connection reset", "08S01", 0,
                new SocketException("Connection reset"));
        Failure f = classify(e);
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(f.vendorCode()).isZero();
        assertThat(f.nothingApplied()).isFalse();
    }

    @Test
    void driverQueryTimeoutHy008IsTimeout() {
        assertThat(classify(sqlServerDriver("The query has timed out.", "HY008", 0, null)).kind())
                .isEqualTo(FailureKind.TIMEOUT);
    }

    // --- chains -----------------------------------------------------------------------------

    @Test
    void springLikeWrapperAroundANextExceptionChainIsSeenThrough() {
        SQLException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0,
                new int[0], null);
        batch.setNextException(sqlServer(40613, 17, "Database is not currently available"));
        RuntimeException wrapper = new RuntimeException("PreparedStatementCallback; SQL []",
                new RuntimeException("translated", batch));
        Failure f = classify(wrapper);
        assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(f.vendorCode()).isEqualTo(40613);
        assertThat((Object) f.source()).isInstanceOf(SQLServerException.class);
    }

    @Test
    void theFirstRecognisedExceptionInTheChainDecides() {
        SQLException outer = new SQLException("wrapper", "HY000");
        outer.setNextException(pgError("25006", "read-only"));
        outer.setNextException(pgError("57014", "timeout"));
        assertThat(classify(outer).kind()).isEqualTo(FailureKind.READ_ONLY);
    }

    @Test
    void causeAndNextExceptionCyclesTerminate() {
        SQLException a = new SQLException("a", "HY000");
        SQLException b = new SQLException("b", "HY000");
        a.setNextException(b);
        b.setNextException(a);
        RuntimeException x = new RuntimeException("x");
        RuntimeException y = new RuntimeException("y", x);
        x.initCause(y);
        a.initCause(y);
        assertThat(classify(a)).isEqualTo(Failure.unknown());
    }

    @Test
    void tooDeepAChainIsCutOff() {
        Throwable t = pg("FATAL", "08006", "lost");
        for (int i = 0; i < 100; i++) {
            t = new RuntimeException("wrap " + i, t);
        }
        assertThat(classify(t).kind()).isEqualTo(FailureKind.OTHER);
    }

    @Test
    void nullAndNonSqlThrowablesAreUnknown() {
        assertThat(classify(null)).isEqualTo(Failure.unknown());
        assertThat(classify(new IOException("disk"))).isEqualTo(Failure.unknown());
        assertThat(FailureClassifier.nothingApplied(new IllegalStateException())).isFalse();
    }

    @Test
    void poolTimeoutWithoutSqlStateIsTransientAndNothingApplied() {
        Failure f = classify(new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 250ms."));
        assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(f.nothingApplied()).isTrue();
    }

    @Test
    void severityOfANonDriverExceptionIsUnknown() {
        assertThat(SqlServerSeverity.of(new SQLException("x"))).isEqualTo(-1);
        assertThat(SqlServerSeverity.of(sqlServerDriver("x", "08S01", 0, null))).isEqualTo(-1);
        assertThat(SqlServerSeverity.of(sqlServer(40613, 17, "x"))).isEqualTo(17);
    }

    @Test
    void failureToStringOmitsTheMessage() {
        Failure f = classify(pgError("25006", "INSERT INTO secret_table"));
        assertThat(f.toString()).contains("READ_ONLY", "25006").doesNotContain("secret_table");
    }
}
