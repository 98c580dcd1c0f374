package io.cqrsrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-call accounting without shared atomics (a cell per thread for served counts and
 * in-flight connections, shared slots only for a thread's second connection or threads beyond the
 * cells), on a real primary + standby: in-flight reads are still found and aborted when the
 * standby freezes, wherever they are tracked; a closed connection never acts on the next checkout
 * that reuses its cell; counts stay exact across hundreds of threads and reused thread slots.
 */
class InFlightCellsOnRealSetTest {

    private static PostgresReplicaSet set;
    private RoutingDataSource router;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.start(1); // own set: a test freezes the standby
    }

    @AfterAll
    static void stop() {
        set.close();
    }

    @AfterEach
    void thaw() {
        set.standby(0).unfreeze();
        if (router != null) {
            router.close();
        }
    }

    private RoutingDataSource router(Duration interval) throws InterruptedException {
        router = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(interval).probeTimeout(Duration.ofSeconds(1)).build();
        Waits.monitor(router, 1);
        return router;
    }

    /** Runs a 30 s sleep on {@code c}; returns how it ended and after how many ms. */
    private static String sleepOn(Connection c) {
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_sleep(30)")) {
            return "completed";
        } catch (SQLException e) {
            return "failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
        }
    }

    private static int sleeping() {
        try (Connection c = set.standby(0).connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND query = 'SELECT pg_sleep(30)'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsOnAFrozenStandbyAreAbortedFromOwnCellsAndSharedSlots() throws Exception {
        router(Duration.ofMillis(100));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // Thread 1: one connection (its own cell). Thread 2: two at once from the standby (its
            // cell, then a shared slot); it sleeps on the second and hands the first to thread 3.
            CountDownLatch handedOver = new CountDownLatch(1);
            Connection[] first = new Connection[1];
            CompletableFuture<String> own = CompletableFuture.supplyAsync(io(() -> Routing.query(() -> {
                try (Connection c = router.getConnection()) {
                    return sleepOn(c);
                }
            })), pool);
            CompletableFuture<String> shared = CompletableFuture.supplyAsync(io(() -> Routing.query(() -> {
                try (Connection a = router.getConnection(); Connection b = router.getConnection()) {
                    assertThat(PostgresReplicaSet.isStandby(a) && PostgresReplicaSet.isStandby(b))
                            .isTrue();
                    first[0] = a;
                    handedOver.countDown();
                    return sleepOn(b);
                }
            })), pool);
            CompletableFuture<String> handed = CompletableFuture.supplyAsync(() -> {
                try {
                    assertThat(handedOver.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return sleepOn(first[0]);
            }, pool);
            Waits.until("three reads sleep on the standby", Duration.ofSeconds(10),
                    () -> sleeping() == 3);

            set.standby(0).freeze(); // reads blocked on a silent node: only an abort frees them
            // probe timeout 1 s + interval 0.1 s: aborted within a few seconds, not after 30 s
            for (CompletableFuture<String> read : List.of(own, shared, handed)) {
                assertThat(read.get(10, TimeUnit.SECONDS)).startsWith("failed after");
            }
            assertThat(router.endpoints().get(1).reachable()).isFalse();
        } finally {
            set.standby(0).unfreeze();
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedConnectionNeverActsOnTheCheckoutThatReusesItsCell() throws Exception {
        router(Duration.ofSeconds(30)); // no probe interferes
        Routing.query(() -> {
            Connection stale = router.getConnection();
            assertThat(PostgresReplicaSet.isStandby(stale)).isTrue();
            stale.close();
            try (Connection next = router.getConnection()) { // takes the cell stale had
                stale.close(); // a stale reference: closing again must not untrack next
                stale.abort(Runnable::run); // nor may aborting it touch next or its cell
                assertThat(PostgresReplicaSet.isStandby(next)).isTrue();
                assertThat(router.replicaEndpoints()[0].abortInFlight())
                        .as("next is still tracked (and only next)").isEqualTo(1);
                assertThat(router.replicaEndpoints()[0].abortInFlight())
                        .as("an aborted connection is counted once").isZero();
                assertThatThrownBy(() -> PostgresReplicaSet.isStandby(next))
                        .isInstanceOf(SQLException.class);
            }
            router.replicaEndpoints()[0].evictConnections(); // as a failover does after aborting
            // closed on another thread: the owner's cell is free again and tracks its next one
            Connection elsewhere = router.getConnection();
            CompletableFuture.runAsync(() -> {
                try {
                    elsewhere.close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            Connection again = router.getConnection();
            assertThat(PostgresReplicaSet.isStandby(again)).isTrue();
            assertThat(router.replicaEndpoints()[0].abortInFlight()).isEqualTo(1);
            assertThatThrownBy(() -> PostgresReplicaSet.isStandby(again))
                    .isInstanceOf(SQLException.class);
            try {
                again.close();
            } catch (SQLException aborted) {
                // closing an aborted connection may fail: it is gone either way
            }
            return null;
        });
    }

    @Test
    void servedCountsStayExactAcrossManyThreadsAndReusedSlots() throws Exception {
        router(Duration.ofSeconds(30));
        long before = served();
        // More live threads than there are per-thread cells (256): some count in the shared adder.
        int threads = 300;
        int each = 4;
        CountDownLatch done = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong failures = new AtomicLong();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int k = 0; k < each; k++) {
                        Routing.query(() -> {
                            try (Connection c = router.getConnection()) {
                                return c.isValid(5);
                            }
                        });
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
                try {
                    release.await(); // stay alive: every thread keeps its slot while others count
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures.get()).isZero();
        assertThat(served() - before).isEqualTo((long) threads * each);
        release.countDown();
        for (Thread t : started) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        // New threads take the dead threads' slots: their cells keep the old counts and add on.
        long mid = served();
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> Routing.query(() -> {
                try (Connection c = router.getConnection()) {
                    return c.isValid(5);
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    return false;
                }
            }));
            t.start();
            t.join(10_000);
        }
        assertThat(failures.get()).isZero();
        assertThat(served() - mid).isEqualTo(20);
        assertThat(served() - before).isEqualTo((long) threads * each + 20);
    }

    private static <T> java.util.function.Supplier<T> io(java.util.concurrent.Callable<T> work) {
        return () -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private long served() {
        return router.endpoints().stream().mapToLong(EndpointStatus::served).sum();
    }
}
