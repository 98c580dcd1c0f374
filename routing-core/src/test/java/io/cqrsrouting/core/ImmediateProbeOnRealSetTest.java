package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command refused while writes are unavailable makes the monitor look for the writer at once
 * (rate-limited per endpoint), not at its next tick: with a one-minute probe interval (six
 * seconds while writes are unavailable) the router still finds a promoted standby within a
 * fraction of a second, and a storm of refused commands from many threads still probes each
 * endpoint at most once per {@link EndpointMonitor#MIN_GAP_MILLIS}. One replica set for the
 * class: the storm runs first, the promotion (which ends the set's primary) last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImmediateProbeOnRealSetTest {

    /** Far longer than any bound below: only an immediate probe can meet them. */
    private static final Duration INTERVAL = Duration.ofSeconds(60);

    private static PostgresReplicaSet set;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.start(1);
        set.synchronousReplication(true);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE immediate (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (set != null) {
            set.close();
        }
    }

    /** Cluster mode over both nodes, probing once a minute. */
    private static RoutingDataSource cluster() throws InterruptedException {
        RoutingDataSource router = RoutingDataSource.builder()
                .node(set.primaryJdbcUrl(), set.username(), set.password())
                .node(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(INTERVAL).probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(2)).build();
        Waits.monitor(router, 1);
        return router;
    }

    @Test
    @Order(1)
    void aStormOfRefusedCommandsProbesEachEndpointAtMostOncePerGap() throws Exception {
        try (RoutingDataSource router = cluster()) {
            set.setPrimaryReadOnly(true);
            try {
                Waits.until("a command is refused as writes-unavailable", Duration.ofSeconds(10),
                        () -> refused(router, 1));
                long probesBefore = router.probeCount();
                long t0 = System.nanoTime();
                AtomicLong refusals = new AtomicLong();
                AtomicReference<Throwable> unexpected = new AtomicReference<>();
                List<Thread> storm = new ArrayList<>();
                long stormNanos = TimeUnit.MILLISECONDS.toNanos(1_000);
                for (int i = 0; i < 8; i++) {
                    Thread t = new Thread(() -> {
                        while (System.nanoTime() - t0 < stormNanos) {
                            try {
                                Routing.command(() -> Nodes.insert(router, "immediate", 1));
                                unexpected.compareAndSet(null,
                                        new AssertionError("a write succeeded on a read-only set"));
                            } catch (WritesUnavailableException e) {
                                refusals.incrementAndGet();
                            } catch (RuntimeException e) {
                                unexpected.compareAndSet(null, e);
                            }
                            // a storm that leaves the probe threads some of the 2 cores
                            LockSupport.parkNanos(1_000_000L);
                        }
                    });
                    t.start();
                    storm.add(t);
                }
                for (Thread t : storm) {
                    t.join(30_000);
                    assertThat(t.isAlive()).as("storm thread finished").isFalse();
                }
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                long probes = router.probeCount() - probesBefore;
                assertThat(unexpected.get()).isNull();
                assertThat(refusals.get()).as("the storm really stormed").isGreaterThan(400);
                // Two endpoints, at most one probe start per gap each, plus the ones under way.
                long bound = 2 * (elapsedMillis / EndpointMonitor.MIN_GAP_MILLIS + 2);
                assertThat(probes).as("probes in %d ms of %d refusals", elapsedMillis,
                        refusals.get()).isLessThanOrEqualTo(bound);
                // ... and the refusals did ask for probes: the interval alone gives none here.
                assertThat(probes).as("probes asked for by refused commands").isGreaterThan(20);
            } finally {
                set.setPrimaryReadOnly(false);
            }
            Waits.until("writes come back once the primary is writable", Duration.ofSeconds(2),
                    () -> !refused(router, 2));
        }
    }

    @Test
    @Order(2)
    void theFirstCommandsAfterAPromotionFindTheNewPrimaryWithoutWaitingForTheInterval()
            throws Exception {
        try (RoutingDataSource router = cluster()) {
            assertThat(Routing.command(() -> Nodes.insert(router, "immediate", 3)))
                    .isEqualTo("primary");
            set.primary().kill();
            Waits.until("commands are refused while no node is writable", Duration.ofSeconds(10),
                    () -> refused(router, 4));
            set.promote(0);
            long writable = System.nanoTime();
            AtomicReference<String> servedBy = new AtomicReference<>();
            // The loop of an application that retries a refused command after a short pause.
            Waits.until("a command succeeds after the promotion", Duration.ofSeconds(10), () -> {
                try {
                    servedBy.set(Routing.command(() -> Nodes.insert(router, "immediate", 5)));
                    return true;
                } catch (WritesUnavailableException e) {
                    return false;
                }
            });
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writable);
            assertThat(servedBy.get()).isEqualTo("standby1");
            assertThat(millis).as("writable -> first write; the probe interval while writes are"
                    + " unavailable is %d ms", EndpointMonitor.urgentInterval(INTERVAL.toMillis()))
                    .isLessThan(1_500);
        }
    }

    /** @return whether a command with id {@code id} was refused with writes-unavailable */
    private static boolean refused(RoutingDataSource router, long id) {
        try {
            Routing.command(() -> Nodes.insert(router, "immediate", id));
            return false;
        } catch (WritesUnavailableException e) {
            return true;
        } catch (IllegalStateException e) {
            return false; // the write reached a node that rejected it (the refusal comes next)
        }
    }
}
