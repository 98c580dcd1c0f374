package io.cqrsrouting.core;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.cqrsrouting.core.Nodes.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes-unavailable mode on a real primary and synchronous hot standby: rolling upgrades,
 * read-only rejections, the retry rule, fast probing. The failover scenarios under load, judged
 * by an oracle, are in {@link ChaosOnRealSetTest}.
 */
class FailoverOnRealSetTest {

    private PostgresReplicaSet set;
    private RoutingDataSource router;

    @BeforeEach
    void start() {
        set = PostgresReplicaSet.start(1);
        set.synchronousReplication(true);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE chaos (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        set.close();
    }

    /** The primary and the standby by URL, with every other setting at its default. */
    private RoutingDataSourceBuilder pair() {
        return RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password());
    }

    private RoutingDataSourceBuilder fast(RoutingDataSourceBuilder b) {
        return b.monitorInterval(Duration.ofMillis(50)).probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(2));
    }

    @Test
    void rollingUpgradeFailsCommandsFastWhileReadsKeepWorking() throws Exception {
        router = fast(pair()).build();
        Waits.monitor(router, 2);
        assertThat(Routing.command(() -> Nodes.insert(router, "chaos", 1))).isEqualTo("primary");

        set.setPrimaryReadOnly(true);
        Waits.monitor(router, 2);
        long slowest = 0;
        for (int i = 0; i < 50; i++) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Routing.command(() -> Nodes.insert(router, "chaos", 2)))
                    .isInstanceOf(WritesUnavailableException.class)
                    .hasMessageContaining("read-only")
                    .hasMessageNotContaining(set.password());
            slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        System.out.println("CHAOS rolling-upgrade: slowest rejected command "
                + TimeUnit.NANOSECONDS.toMicros(slowest) + " us");
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).isLessThan(200);
        // reads of other users (a fresh session; this one wrote) keep working on the standby
        assertThat(Routing.session(() -> Routing.query(() -> servedBy(router)))).isEqualTo("standby1");

        set.setPrimaryReadOnly(false);
        long t0 = System.nanoTime();
        awaitCommand(() -> Nodes.insert(router, "chaos", 3), 5_000);
        System.out.println("CHAOS rolling-upgrade: writable again -> first command "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    @Test
    void writeRejectedAsReadOnlyBeforeTheMonitorNoticesTurnsIntoWritesUnavailable()
            throws Exception {
        router = pair()
                .monitorInterval(Duration.ofSeconds(30)).build();
        Waits.monitor(router, 1);
        assertThat(Routing.command(() -> Nodes.insert(router, "chaos", 1))).isEqualTo("primary");

        set.setPrimaryReadOnly(true);
        assertThatThrownBy(() -> Routing.command(() -> Nodes.insert(router, "chaos", 2)))
                .isInstanceOf(WritesUnavailableException.class)
                .hasMessageContaining("rejected a write as read-only")
                .hasMessageContaining("25006")
                .hasRootCauseInstanceOf(java.sql.SQLException.class);
        // The router acts on it at once: the next command is refused before it takes a connection
        // ("is read-only" comes from that check; a database rejection would say "rejected").
        assertThatThrownBy(() -> Routing.command(() -> Nodes.insert(router, "chaos", 3)))
                .isInstanceOf(WritesUnavailableException.class)
                .hasMessageContaining("is read-only");
        // reads of other users (a fresh session; this one wrote) keep working on the standby
        assertThat(Routing.session(() -> Routing.query(() -> servedBy(router)))).isEqualTo("standby1");
        set.setPrimaryReadOnly(false);
    }

    @Test
    void readOnlyRejectionSaysNothingAppliedOnlyWhenNothingCommittedBefore() throws Exception {
        router = pair()
                .monitorInterval(Duration.ofSeconds(30)).build();
        Waits.monitor(router, 1);
        set.setPrimaryReadOnly(true);
        // One transaction: the rejection rolled back everything.
        assertThatThrownBy(() -> Routing.command(() -> {
            try (Connection c = router.getConnection()) {
                c.setAutoCommit(false);
                c.createStatement().execute("INSERT INTO chaos VALUES (1)");
                c.commit();
            }
            return null;
        })).isInstanceOf(WritesUnavailableException.class)
                .hasMessageContaining("nothing was applied");
        set.setPrimaryReadOnly(false);
        Waits.until("writes available again", Duration.ofSeconds(15),
                () -> !router.writesUnavailable());

        // Autocommit: the first insert is committed when the second is rejected.
        assertThatThrownBy(() -> Routing.command(() -> {
            Nodes.insert(router, "chaos", 2);
            set.setPrimaryReadOnly(true);
            return Nodes.insert(router, "chaos", 3);
        })).isInstanceOf(WritesUnavailableException.class)
                .hasMessageContaining("stay applied")
                .hasMessageNotContaining("nothing was applied");
        assertThat(Nodes.count(set, "chaos")).isEqualTo(1);
    }

    @Test
    void retrierDoesNotRepeatACommandWhoseAttemptAlreadyCommitted() {
        router = pair().build();
        io.cqrsrouting.core.retry.Retrier retrier = new io.cqrsrouting.core.retry.Retrier(
                io.cqrsrouting.core.retry.RetryPolicy.builder().maxAttempts(3)
                        .initialBackoff(Duration.ofMillis(1)).build());
        java.sql.SQLException readOnly = new java.sql.SQLException(
                "cannot execute INSERT in a read-only transaction", "25006");
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();

        // Control: a rejection with nothing committed before it is retried.
        assertThatThrownBy(() -> retrier.call(RoutingIntent.command(), false, () -> {
            attempts.incrementAndGet();
            throw readOnly;
        })).isSameAs(readOnly);
        assertThat(attempts.getAndSet(0)).isEqualTo(3);

        // The same rejection after an autocommit insert went through: repeating would insert again.
        assertThatThrownBy(() -> retrier.call(RoutingIntent.command(), false, () -> {
            attempts.incrementAndGet();
            Routing.command(() -> Nodes.insert(router, "chaos", 10));
            throw readOnly;
        })).isSameAs(readOnly);
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(Nodes.count(set, "chaos")).isEqualTo(1);
    }

    @Test
    void whileWritesAreUnavailableTheMonitorProbesTenTimesAsOften() throws Exception {
        // 5 s between probes normally: without the short interval in the read-only window the
        // router would notice the writable primary only at the next regular probe, ~5 s later.
        router = pair()
                .monitorInterval(Duration.ofSeconds(5)).build();
        Waits.monitor(router, 1);
        set.setPrimaryReadOnly(true);
        assertThatThrownBy(() -> Routing.command(() -> Nodes.insert(router, "chaos", 1)))
                .isInstanceOf(WritesUnavailableException.class);
        assertThat(router.writesUnavailable()).isTrue();
        Waits.monitor(router, 1); // the immediate re-probe after the rejection is done

        set.setPrimaryReadOnly(false);
        long t0 = System.nanoTime();
        awaitCommand(() -> Nodes.insert(router, "chaos", 2), 10_000);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(millis).as("writable primary noticed at the 500 ms interval, not the 5 s one")
                .isLessThan(2_500);
        assertThat(router.writesUnavailable()).isFalse();
    }

    private static void awaitCommand(Routing.Work<String, RuntimeException> command,
            long timeoutMillis) {
        Waits.until("commands succeed again", Duration.ofMillis(timeoutMillis), () -> {
            try {
                Routing.command(command);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }
}
