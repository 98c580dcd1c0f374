package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.cqrsrouting.core.Nodes.find;
import static io.cqrsrouting.core.Nodes.insert;
import static io.cqrsrouting.core.Nodes.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded staleness and read-your-writes on a real primary with two hot standbys; lag is made
 * exact by pausing WAL replay on a standby.
 */
class ConsistencyOnRealSetTest {

    private static final AtomicLong IDS = new AtomicLong();
    private static PostgresReplicaSet set;
    private static RoutingDataSource one;   // primary + standby1
    private static RoutingDataSource two;   // primary + standby1 + standby2

    @BeforeAll
    static void start() throws Exception {
        set = PostgresReplicaSet.start(2);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE orders (id bigint PRIMARY KEY)");
        set.awaitReplay(0, Duration.ofSeconds(10));
        set.awaitReplay(1, Duration.ofSeconds(10));
        one = router(false);
        two = router(true);
        assertThat(one.awaitMonitor(2, 10_000)).isTrue();
        assertThat(two.awaitMonitor(2, 10_000)).isTrue();
    }

    private static RoutingDataSource router(boolean bothStandbys) {
        RoutingDataSourceBuilder b = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofMillis(50));
        if (bothStandbys) {
            b.replica(set.standbyJdbcUrl(1), set.username(), set.password());
        }
        return b.build();
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        set.close();
    }

    @AfterEach
    void resumeEverything() throws Exception {
        set.resumeReplay(0);
        set.resumeReplay(1);
        set.awaitReplay(0, Duration.ofSeconds(10));
        set.awaitReplay(1, Duration.ofSeconds(10));
        Waits.monitor(one, 2);
        Waits.monitor(two, 2);
    }

    @Test
    void pausedStandbyIsProvablyBehind() {
        set.pauseReplay(0);
        long id = IDS.incrementAndGet();
        Routing.session(() -> {
            assertThat(Routing.command(() -> insert(one, "orders", id))).isEqualTo("primary");
            // The writer's own plain reads see its write (ReadsAfterWrite.READ_YOUR_WRITES)...
            assertThat(Routing.query(() -> find(one, "orders", id))).isEqualTo("primary:found");
            return null;
        });
        // ...while another session's read shows that the standby is behind.
        assertThat(Routing.session(() -> Routing.query(() -> find(one, "orders", id))))
                .isEqualTo("standby1:missing");
    }

    @Test
    void readYourWritesComesFromThePrimaryWhileBehindAndFromTheStandbyOnceReplayed()
            throws Exception {
        set.pauseReplay(0);
        Routing.session(() -> {
            long id = IDS.incrementAndGet();
            Routing.command(() -> insert(one, "orders", id));
            assertThat(ryw(() -> find(one, "orders", id), 0)).isEqualTo("primary:found");
            set.resumeReplay(0);
            set.awaitReplay(0, Duration.ofSeconds(10));
            assertThat(ryw(() -> find(one, "orders", id), 0)).isEqualTo("standby1:found");
            return null;
        });
    }

    @Test
    void readYourWritesWaitsForTheStandbyWithinWaitMillis() throws Exception {
        set.pauseReplay(0);
        Routing.session(() -> {
            long id = IDS.incrementAndGet();
            Routing.command(() -> insert(one, "orders", id));
            Thread reader = Thread.currentThread();
            CompletableFuture<Void> resume = CompletableFuture.runAsync(() -> {
                // Replay resumes only once the reader waits for the standby.
                Waits.until("the reader waits for the standby", Duration.ofSeconds(10),
                        () -> reader.getState() == Thread.State.TIMED_WAITING);
                set.resumeReplay(0);
            });
            assertThat(ryw(() -> find(one, "orders", id), 10_000)).isEqualTo("standby1:found");
            resume.join();
            return null;
        });
    }

    @Test
    void readYourWritesWithoutAnyWriteUsesAReplica() {
        Routing.session(() -> {
            assertThat(ryw(() -> servedBy(one), 0)).isEqualTo("standby1");
            return null;
        });
    }

    @Test
    void boundedQuerySkipsAStandbyLaggingPastTheBoundAndReturnsAfterItCatchesUp()
            throws Exception {
        set.pauseReplay(0);
        // Another session writes: this thread's plain reads are not held to that write.
        Routing.session(() -> Routing.command(() -> insert(one, "orders", IDS.incrementAndGet())));
        awaitLagAbove(one, 1, 400);
        long before = one.fallbackCount(FallbackReason.STALENESS_BOUND);
        assertThat(Routing.query(300, () -> servedBy(one))).isEqualTo("primary");
        assertThat(one.fallbackCount(FallbackReason.STALENESS_BOUND)).isEqualTo(before + 1);
        assertThat(Routing.query(() -> servedBy(one))).isEqualTo("standby1");

        // Catching up while the primary stays idle brings the lag back to zero.
        set.resumeReplay(0);
        set.awaitReplay(0, Duration.ofSeconds(10));
        Waits.monitor(one, 2);
        assertThat(one.endpoints().get(1).lagMillis()).isZero();
        assertThat(Routing.query(300, () -> servedBy(one))).isEqualTo("standby1");
    }

    @Test
    void idlePrimaryDoesNotLookLikeLag() throws Exception {
        // The scenario is 600 ms of an idle primary (a duration, not a condition to poll).
        Thread.sleep(600);
        Waits.monitor(one, 2);
        assertThat(one.endpoints().get(1).lagMillis()).isZero();
        assertThat(Routing.query(0, () -> servedBy(one))).isEqualTo("standby1");
    }

    @Test
    void tokenExportedByOneInstanceGivesReadYourWritesThroughAnother() throws Exception {
        set.pauseReplay(0);
        long id = IDS.incrementAndGet();
        String token = Routing.session(() -> {
            Routing.command(() -> insert(one, "orders", id));
            return one.exportToken();
        });
        assertThat(token).startsWith("2.");
        try (RoutingDataSource otherInstance = router(false)) {
            Waits.monitor(otherInstance, 2);
            try (RoutingSession request = Routing.openSession()) {
                assertThat(request.importToken(otherInstance, token)).isTrue();
                assertThat(ryw(() -> find(otherInstance, "orders", id), 0))
                        .isEqualTo("primary:found");
                set.resumeReplay(0);
                set.awaitReplay(0, Duration.ofSeconds(10));
                assertThat(ryw(() -> find(otherInstance, "orders", id), 0))
                        .isEqualTo("standby1:found");
            }
        }
    }

    @Test
    void malformedOversizedForeignAndForgedTokensAreIgnored() {
        try (RoutingSession ignored = Routing.openSession()) {
            assertThat(one.importToken("garbage")).isFalse();
            assertThat(one.importToken("1.!!!")).isFalse();
            assertThat(one.importToken("1." + "A".repeat(400))).isFalse();
            assertThat(one.importToken(null)).isFalse();
            String foreign = new ConsistencyToken("another-cluster", null).encode(10);
            assertThat(one.importToken(foreign)).isFalse();
            String farFuture = new ConsistencyToken(one.name(), null).encode(Long.MAX_VALUE / 2);
            assertThat(one.importToken(farFuture)).isFalse();
            assertThat(one.exportToken()).isNull();
        }
        byte[] key = "0123456789abcdef0123".getBytes();
        try (RoutingDataSource signed = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .tokenSigningKey(key).monitor(false).build();
                RoutingSession ignored = Routing.openSession()) {
            String unsigned = new ConsistencyToken(signed.name(), null).encode(1);
            assertThat(signed.importToken(unsigned)).isFalse();
            String genuine = new ConsistencyToken(signed.name(), key).encode(1);
            assertThat(signed.importToken(genuine)).isTrue();
            String tampered = genuine.substring(0, genuine.length() - 2) + "AA";
            assertThat(signed.importToken(tampered)).isFalse();
        }
    }

    @Test
    void readsSpreadOverBothStandbysAndAPausedOneIsSkippedUnderABound() throws Exception {
        Map<String, Integer> spread = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            spread.merge(Routing.query(() -> servedBy(two)), 1, Integer::sum);
        }
        assertThat(spread).containsOnlyKeys("standby1", "standby2");
        assertThat(spread.get("standby1")).isBetween(15, 25);

        set.pauseReplay(1);
        Routing.command(() -> insert(two, "orders", IDS.incrementAndGet()));
        awaitLagAbove(two, 2, 400);
        Map<String, Integer> bounded = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            bounded.merge(Routing.query(300, () -> servedBy(two)), 1, Integer::sum);
        }
        assertThat(bounded).containsOnlyKeys("standby1");
    }

    private static String ryw(Routing.Work<String, RuntimeException> read, long waitMillis) {
        return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, waitMillis, read);
    }

    private static void awaitLagAbove(RoutingDataSource ds, int endpoint, long millis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (ds.endpoints().get(endpoint).lagMillis() <= millis) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
