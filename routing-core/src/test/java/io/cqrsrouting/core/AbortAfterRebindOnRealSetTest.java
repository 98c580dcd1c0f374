package io.cqrsrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A held replica connection whose replica was aborted, then switched to the primary by a command,
 * must be abortable again: when the primary freezes under a statement running on it, the monitor's
 * abort reaches it. On a real primary + standby; a frozen node keeps its sockets open and answers
 * nothing, so only an abort frees a thread waiting on it.
 */
class AbortAfterRebindOnRealSetTest {

    private static PostgresReplicaSet set;
    private RoutingDataSource router;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.start(1); // own set: the test freezes nodes
    }

    @AfterAll
    static void stop() {
        set.close();
    }

    @AfterEach
    void thaw() {
        set.primary().unfreeze();
        set.standby(0).unfreeze();
        if (router != null) {
            router.close();
        }
    }

    @Test
    void aHeldReplicaConnectionSwitchedToThePrimaryAfterItsReplicaWasAbortedIsAbortedWithThePrimary()
            throws Exception {
        CountDownLatch standbySwept = new CountDownLatch(1);
        router = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofMillis(100)).probeTimeout(Duration.ofSeconds(1))
                .listener(event -> {
                    if (event instanceof RoutingEvent.InFlightAborted
                            && !"primary".equals(((RoutingEvent.InFlightAborted) event).endpoint())) {
                        standbySwept.countDown();
                    }
                })
                .build();
        Waits.monitor(router, 1);

        // Held across scopes (an ORM session, open-in-view): taken by a read, on the standby.
        Connection held = Routing.query(() -> router.getConnection());
        assertThat(PostgresReplicaSet.isStandby(held)).isTrue();
        set.standby(0).freeze();
        assertThat(standbySwept.await(30, TimeUnit.SECONDS))
                .as("the held connection was aborted with its standby").isTrue();
        set.standby(0).unfreeze();

        // A command on the held connection: it is switched to the primary (no transaction open).
        assertThat(Routing.command(() -> PostgresReplicaSet.servedBy(held))).isEqualTo("primary");

        // Now the primary freezes under a statement running on it: the abort must reach it. While
        // the primary is frozen the sleep cannot complete, so only the abort can end the wait.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> sleeping = CompletableFuture.supplyAsync(
                    () -> Routing.command(() -> sleepOn(held)), pool);
            Waits.until("the command sleeps on the primary", Duration.ofSeconds(30),
                    () -> sleepingOnPrimary() == 1);
            set.primary().freeze();
            assertThat(sleeping.get(45, TimeUnit.SECONDS))
                    .as("released by the abort of the primary's in-flight connections")
                    .startsWith("failed after");
        } finally {
            set.primary().unfreeze();
            pool.shutdownNow();
            try {
                held.close();
            } catch (SQLException aborted) {
                // aborted: gone either way
            }
        }
    }

    private static String sleepOn(Connection c) {
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_sleep(30)")) {
            return "completed";
        } catch (SQLException e) {
            return "failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
        }
    }

    private static int sleepingOnPrimary() {
        try (Connection c = set.primary().connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND query = 'SELECT pg_sleep(30)'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
