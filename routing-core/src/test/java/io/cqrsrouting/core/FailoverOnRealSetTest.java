package io.cqrsrouting.core;

import io.cqrsrouting.testkit.FailoverListener;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cqrsrouting.core.Nodes.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failover scenarios under concurrent load on a real primary and synchronous hot standby. Pools
 * are configured as users configure them: no socket timeout. Each scenario prints a CHAOS line
 * with acknowledged, lost and duplicated writes, failed reads, hung threads and recovery time.
 */
class FailoverOnRealSetTest {

    private PostgresReplicaSet set;
    private RoutingDataSource router;
    private FailoverListener listener;

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
        if (listener != null) {
            listener.close();
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
        router.awaitMonitor(2, 5_000);
        assertThat(Routing.command(() -> Nodes.insert(router, "chaos", 1))).isEqualTo("primary");

        set.setPrimaryReadOnly(true);
        router.awaitMonitor(2, 5_000);
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
        assertThat(Routing.query(() -> servedBy(router))).isEqualTo("standby1");

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
        router.awaitMonitor(1, 5_000);
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
        assertThat(Routing.query(() -> servedBy(router))).isEqualTo("standby1");
        set.setPrimaryReadOnly(false);
    }

    @Test
    void readOnlyRejectionSaysNothingAppliedOnlyWhenNothingCommittedBefore() throws Exception {
        router = pair()
                .monitorInterval(Duration.ofSeconds(30)).build();
        router.awaitMonitor(1, 5_000);
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
        router.awaitMonitor(2, 5_000);
        assertThat(router.writesUnavailable()).isFalse();

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
        io.cqrsrouting.core.failure.Retrier retrier = new io.cqrsrouting.core.failure.Retrier(
                io.cqrsrouting.core.failure.RetryPolicy.builder().maxAttempts(3)
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
        router.awaitMonitor(1, 10_000);
        set.setPrimaryReadOnly(true);
        assertThatThrownBy(() -> Routing.command(() -> Nodes.insert(router, "chaos", 1)))
                .isInstanceOf(WritesUnavailableException.class);
        assertThat(router.writesUnavailable()).isTrue();
        router.awaitMonitor(1, 10_000); // the immediate re-probe after the rejection is done

        set.setPrimaryReadOnly(false);
        long t0 = System.nanoTime();
        awaitCommand(() -> Nodes.insert(router, "chaos", 2), 10_000);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(millis).as("writable primary noticed at the 500 ms interval, not the 5 s one")
                .isLessThan(2_500);
        assertThat(router.writesUnavailable()).isFalse();
    }

    @Test
    void crashAndPromoteInClusterModeLosesNothingAndFindsTheNewPrimary() throws Exception {
        router = fast(RoutingDataSource.builder()
                .node(set.primaryJdbcUrl(), set.username(), set.password())
                .node(set.standbyJdbcUrl(0), set.username(), set.password())).build();
        router.awaitMonitor(2, 5_000);
        assertThat(router.currentPrimary().name()).isEqualTo("node-1");
        ChaosLoad load = new ChaosLoad(router, 4, 2);
        Thread.sleep(700);

        set.primary().kill();
        Duration promotion = set.promote(0);
        load.mark();
        awaitFirstWrite(load, 5_000);
        Thread.sleep(300);
        int hung = load.stop(10_000);

        assertThat(router.currentPrimary().name()).isEqualTo("node-2");
        try (Connection survivor = set.standby(0).connect()) {
            ChaosLoad.Report r = load.verify(survivor, "crash+promote (cluster mode)", hung,
                    load.millisToFirstWriteAfterMark(), promotion.toMillis());
            assertThat(r.acknowledged()).isPositive();
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.hung()).isZero();
            assertThat(r.promotionToFirstCommandMillis()).isBetween(0L, 5_000L);
        }
    }

    @Test
    void geoFailoverBehindAListenerLeavesNoStalePooledConnections() throws Exception {
        listener = FailoverListener.start("127.0.0.1", set.primaryPort());
        router = fast(RoutingDataSource.builder()
                .primary(listener.jdbcUrl("postgres"), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())).build();
        router.awaitMonitor(2, 5_000);
        ChaosLoad load = new ChaosLoad(router, 4, 2);
        Thread.sleep(700);

        // The old primary stays reachable but read-only; the listener now points at the new one,
        // while connections already open (the pool's) still lead to the old node.
        set.setPrimaryReadOnly(true);
        Duration promotion = set.promote(0);
        listener.redirect("127.0.0.1", set.standbyPort(0));
        load.mark();
        awaitFirstWrite(load, 5_000);
        Thread.sleep(300);
        int hung = load.stop(10_000);

        try (Connection survivor = set.standby(0).connect()) {
            ChaosLoad.Report r = load.verify(survivor, "geo-failover (endpoint mode, listener)",
                    hung, load.millisToFirstWriteAfterMark(), promotion.toMillis());
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.hung()).isZero();
            assertThat(r.promotionToFirstCommandMillis()).isBetween(0L, 5_000L);
        }
        assertThat(Routing.command(() -> servedBy(router))).isEqualTo("standby1");
    }

    @Test
    void frozenPrimaryReleasesBlockedThreadsAndRecoversAfterThaw() throws Exception {
        router = fast(pair()).build();
        router.awaitMonitor(2, 5_000);
        ChaosLoad load = new ChaosLoad(router, 4, 2);
        Thread.sleep(500);

        set.primary().freeze();
        long frozenAt = System.nanoTime();
        Thread.sleep(3_000);
        long readsWhileFrozen = load.reads.sum();
        Thread.sleep(500);
        assertThat(load.reads.sum()).as("reads keep flowing on the standby")
                .isGreaterThan(readsWhileFrozen);
        assertThatThrownBy(() -> Routing.command(() -> Nodes.insert(router, "chaos", -1)))
                .isInstanceOf(WritesUnavailableException.class).hasMessageContaining("unreachable");

        set.primary().unfreeze();
        load.mark();
        awaitFirstWrite(load, 5_000);
        int hung = load.stop(5_000);
        try (Connection survivor = set.primary().connect()) {
            ChaosLoad.Report r = load.verify(survivor, "frozen primary (SIGSTOP 3.5 s)", hung,
                    load.millisToFirstWriteAfterMark(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt));
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.hung()).isZero();
        }
    }

    @Test
    void lostReplicaMovesReadsToThePrimary() throws Exception {
        router = fast(pair()).build();
        router.awaitMonitor(2, 5_000);
        set.synchronousReplication(false);
        ChaosLoad load = new ChaosLoad(router, 2, 4);
        Thread.sleep(500);

        set.standby(0).kill();
        Thread.sleep(1_000);
        long failedAfterDetection = load.failedReads.sum();
        Thread.sleep(1_000);
        assertThat(load.failedReads.sum()).as("no read fails once the loss is detected")
                .isEqualTo(failedAfterDetection);
        assertThat(Routing.query(() -> servedBy(router))).isEqualTo("primary");
        assertThat(router.fallbackCount(FallbackReason.ALL_REPLICAS_DOWN)).isPositive();
        int hung = load.stop(5_000);
        try (Connection survivor = set.primary().connect()) {
            ChaosLoad.Report r = load.verify(survivor, "replica lost", hung, 0, 0);
            assertThat(r.lost()).isZero();
            assertThat(r.hung()).isZero();
        }
    }

    private static void awaitFirstWrite(ChaosLoad load, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (load.millisToFirstWriteAfterMark() < 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void awaitCommand(Routing.Work<String, RuntimeException> command,
            long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try {
                Routing.command(command);
                return;
            } catch (RuntimeException e) {
                assertThat(System.currentTimeMillis()).as("commands succeed again in time")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
