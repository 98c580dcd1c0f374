package io.cqrsrouting.core;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;
import io.cqrsrouting.core.failure.ConnectFailedException;
import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * "Nothing applied" for a connection that could not be opened, decided by where the failure
 * happened: the real mssql-jdbc driver, refused by a closed port, reports the same SQLState and
 * code (08S01, 0) as for a connection lost mid-statement.
 */
class SqlServerConnectFailureTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRefusedConnectionReachesTheCallerAsNothingApplied() throws Exception {
        SQLServerDataSource driver = new SQLServerDataSource();
        driver.setURL("jdbc:sqlserver://127.0.0.1:" + closedPort()
                + ";databaseName=app;loginTimeout=2;encrypt=false");
        driver.setUser("app");
        driver.setPassword("never-shown");
        SQLException raw = catchThrowableOfType(SQLException.class, driver::getConnection);
        assertThat(raw.getSQLState()).isEqualTo("08S01");
        assertThat(raw.getErrorCode()).isZero();
        assertThat(FailureClassifier.classify(raw).nothingApplied())
                .as("the driver's exception alone cannot tell").isFalse();

        try (RoutingDataSource ds = RoutingDataSource.builder().primary(driver).monitor(false)
                .build()) {
            SQLException seen = catchThrowableOfType(SQLException.class, ds::getConnection);
            assertThat((Throwable) seen).isInstanceOf(ConnectFailedException.class);
            assertThat(seen.getCause()).isInstanceOf(raw.getClass());
            assertThat(seen.getMessage()).doesNotContain("never-shown");
            Failure f = FailureClassifier.classify(seen);
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(f.nothingApplied()).isTrue();
            assertThat(f.sqlState()).isEqualTo("08S01");
        }
    }
}
