package io.cqrsrouting.core.failure;

import io.cqrsrouting.core.retry.RetryPolicy;
import io.cqrsrouting.core.retry.Retrier;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Failures produced by a real PostgreSQL primary and hot standby, and by a real HikariCP pool. */
class RealPostgresFailuresTest {

    private static PostgresReplicaSet db;

    @BeforeAll
    static void startDatabase() {
        db = PostgresReplicaSet.shared(1);
    }

    private static Connection primary() throws SQLException {
        return DriverManager.getConnection(db.primaryJdbcUrl(), db.username(), db.password());
    }

    private static Connection standby() throws SQLException {
        return DriverManager.getConnection(db.standbyJdbcUrl(0), db.username(), db.password());
    }

    private static SQLException failureOf(Connection c, String... sql) {
        return catchThrowableOfType(SQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                for (String q : sql) {
                    s.execute(q);
                }
            }
        });
    }

    @Test
    void aWriteOnTheHotStandbyIsReadOnlyAndNothingApplied() throws SQLException {
        try (Connection c = standby()) {
            Failure f = FailureClassifier.classify(
                    failureOf(c, "CREATE TABLE failure_probe_never_created (i int)"));
            assertThat(f.kind()).isEqualTo(FailureKind.READ_ONLY);
            assertThat(f.sqlState()).isEqualTo("25006");
            assertThat(f.nothingApplied()).isTrue();
        }
    }

    @Test
    void aStatementTimeoutIsTimeout() throws SQLException {
        try (Connection c = primary()) {
            Failure f = FailureClassifier.classify(
                    failureOf(c, "SET statement_timeout = 10", "SELECT pg_sleep(1)"));
            assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(f.sqlState()).isEqualTo("57014");
        }
    }

    @Test
    void aTerminatedBackendIsConnectionLost() throws Exception {
        try (Connection victim = primary()) {
            terminate(victim, false);
            Failure f = FailureClassifier.classify(failureOf(victim, "SELECT 1"));
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(f.sqlState()).isIn("57P01", "08006", "08003");
            assertThat(f.nothingApplied()).isFalse();
        }
    }

    @Test
    void aClosedPortIsConnectionLostAndNothingApplied() throws Exception {
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(closedPortUrl(), db.username(), db.password())
                        .close());
        Failure f = FailureClassifier.classify(refused);
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(f.sqlState()).isEqualTo("08001");
        assertThat(f.nothingApplied()).isTrue();
    }

    @Test
    void aHikariTimeoutOnAnUnreachableDatabaseIsConnectionLostAndNothingApplied() throws Exception {
        try (HikariDataSource pool = pool(closedPortUrl())) {
            SQLException timeout = catchThrowableOfType(SQLException.class,
                    () -> pool.getConnection().close());
            assertThat((Object) timeout).isInstanceOf(SQLTransientConnectionException.class);
            Failure f = FailureClassifier.classify(timeout);
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(f.nothingApplied()).isTrue();
        }
    }

    @Test
    void aHikariTimeoutOnAnExhaustedPoolIsTransientAndNothingApplied() throws Exception {
        try (HikariDataSource pool = pool(db.primaryJdbcUrl());
                Connection held = pool.getConnection()) {
            SQLException timeout = catchThrowableOfType(SQLException.class,
                    () -> pool.getConnection().close());
            assertThat((Object) timeout).isInstanceOf(SQLTransientConnectionException.class);
            Failure f = FailureClassifier.classify(timeout);
            assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(f.nothingApplied()).isTrue();
            assertThat(held.isValid(1)).isTrue();
        }
    }

    @Test
    void aReadOnATerminatedConnectionIsRetriedOnAFreshOne() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Connection victim = standby()) {
            terminate(victim, true);
            Retrier retrier = new Retrier(RetryPolicy.builder()
                    .initialBackoff(Duration.ofMillis(5)).build());
            int one = retrier.call(RoutingIntent.query(), false, () -> {
                Connection c = attempts.incrementAndGet() == 1 ? victim : standby();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                    return rs.getInt(1);
                } finally {
                    if (c != victim) {
                        c.close();
                    }
                }
            });
            assertThat(one).isEqualTo(1);
            assertThat(attempts).hasValue(2);
        }
    }

    @Test
    void aRealTimeoutInAnIdempotentCommandIsNotRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Connection c = primary()) {
            SQLException thrown = catchThrowableOfType(SQLException.class,
                    () -> new Retrier(RetryPolicy.defaults()).call(RoutingIntent.command(true),
                            false, () -> {
                                attempts.incrementAndGet();
                                try (Statement s = c.createStatement()) {
                                    s.execute("SET statement_timeout = 10");
                                    return s.execute("SELECT pg_sleep(1)");
                                }
                            }));
            assertThat(thrown.getSQLState()).isEqualTo("57014");
            assertThat(attempts).hasValue(1);
        }
    }

    private static void terminate(Connection victim, boolean onStandby) throws Exception {
        int pid;
        try (Statement s = victim.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Connection killer = onStandby ? standby() : primary();
                Statement s = killer.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until) { // wait until the backend is really gone
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("backend " + pid + " did not terminate");
    }

    private static String closedPortUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2";
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(db.username());
        config.setPassword(db.password());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        // long enough for the one real connect on a loaded machine; the exhausted wait costs it once
        config.setConnectionTimeout(1500);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
