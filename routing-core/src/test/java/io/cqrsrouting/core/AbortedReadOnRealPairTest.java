package io.cqrsrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.failure.Retrier;
import io.cqrsrouting.core.failure.RetryPolicy;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read cut off by the router aborting a dead endpoint's in-flight connections surfaces as a
 * lost connection, also when what the caller finally sees is the failure of its cleanup on the
 * aborted connection (the ORM pattern: the rollback's error, the read's suppressed) — so it is
 * retried, and the retry is served.
 */
class AbortedReadOnRealPairTest {

    private static PostgresReplicaSet set;
    private static RoutingDataSource ds;

    @BeforeAll
    static void start() throws Exception {
        set = PostgresReplicaSet.shared(1);
        ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password()).build();
        assertThat(ds.awaitMonitor(1, 10_000)).isTrue();
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    /** Reads on a replica connection and aborts it mid-read, as the router does for a dead node. */
    private static String readAbortedMidway(AtomicInteger attempts) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (attempts.incrementAndGet() > 1) {
                return PostgresReplicaSet.servedBy(c);
            }
            c.setAutoCommit(false);
            CompletableFuture<Integer> abort = CompletableFuture.supplyAsync(() -> {
                // Aborts once the standby runs the read (the read is on the wire).
                assertThat(Waits.holds(Duration.ofSeconds(10), AbortedReadOnRealPairTest::sleeping))
                        .as("the read runs on the standby").isTrue();
                return ds.replicaEndpoints()[0].abortInFlight();
            });
            SQLException readFailure;
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT pg_sleep(10)")) {
                    throw new AssertionError("the read was not cut off");
                } catch (SQLException e) {
                    readFailure = e;
                }
            }
            assertThat(abort.join()).isEqualTo(1);
            try {
                c.rollback(); // the ORM's cleanup, on the aborted connection
                throw new AssertionError("rollback on an aborted connection succeeded");
            } catch (SQLException rollbackFailure) {
                rollbackFailure.addSuppressed(readFailure);
                throw new IllegalStateException("Unable to rollback", rollbackFailure);
            }
        }
    }

    /** @return whether the standby is running the read that is to be cut off */
    private static boolean sleeping() {
        try (Connection c = java.sql.DriverManager.getConnection(set.standbyJdbcUrl(0),
                set.username(), set.password()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND query = 'SELECT pg_sleep(10)'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAbortedReadIsALostConnectionAndIsRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Throwable failure = catchThrowable(() -> Routing.query(() -> readAbortedMidway(attempts)));
        assertThat(FailureClassifier.classify(failure).kind())
                .as("%s", failure).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(ds.awaitMonitor(1, 10_000)).isTrue();

        attempts.set(0);
        Retrier retrier = new Retrier(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5))
                .build());
        String served = retrier.call(RoutingIntent.query(), false,
                () -> Routing.query(() -> readAbortedMidway(attempts)));
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(served).isIn("standby1", "primary");
    }
}
