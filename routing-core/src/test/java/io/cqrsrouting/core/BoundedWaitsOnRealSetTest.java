package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wait the router makes for a read-your-writes read is bounded, even on frozen nodes
 * (issue 11, defect 5): the wait for a replica to catch up respects {@code waitMillis} on a
 * frozen replica, and resolving a token on a frozen primary takes at most a probe timeout.
 * Pools as users configure them: no socket timeout.
 */
class BoundedWaitsOnRealSetTest {

    private static PostgresReplicaSet set;
    private RoutingDataSource router;

    @BeforeAll
    static void startSet() {
        set = PostgresReplicaSet.start(1);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE waits (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopSet() {
        set.close();
    }

    @AfterEach
    void thaw() {
        if (router != null) {
            router.close();
        }
        set.primary().unfreeze();
        set.standby(0).unfreeze();
        set.resumeReplay(0);
    }

    private RoutingDataSourceBuilder pair(Duration interval) {
        return RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(interval).probeTimeout(Duration.ofSeconds(1));
    }

    /** Runs {@code task} on a daemon thread; a hang fails the test after 10 s, not the build. */
    private static <T> T inDaemonThread(Callable<T> task) throws Exception {
        FutureTask<T> f = new FutureTask<>(task);
        Thread t = new Thread(f, "bounded-wait");
        t.setDaemon(true);
        t.start();
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aReadYourWritesWaitOnAFrozenReplicaEndsAtItsBound() throws Exception {
        router = pair(Duration.ofMillis(50)).build();
        Waits.monitor(router, 2);
        set.pauseReplay(0); // the standby will not have the write
        String result = Routing.session(() -> {
            Routing.command(() -> Nodes.insert(router, "waits", 1));
            set.standby(0).freeze();
            long t0 = System.nanoTime();
            String found = inDaemonThread(Routing.wrap(() -> Routing.consistent(
                    Consistent.Level.READ_YOUR_WRITES, 500, () -> Nodes.find(router, "waits", 1))));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(millis).as("waitMillis=500 on a frozen replica").isLessThan(1_500);
            return found;
        });
        assertThat(result).isEqualTo("primary:found");
    }

    @Test
    void resolvingATokenOnAFrozenPrimaryTakesAtMostAProbeTimeout() throws Exception {
        // A long interval: no probe runs after the commit unless the router asks for one.
        router = pair(Duration.ofSeconds(30)).build();
        Waits.monitor(router, 1);
        Routing.session(() -> {
            Routing.command(() -> Nodes.insert(router, "waits", 2));
            set.primary().freeze();
            long t0 = System.nanoTime();
            String token = inDaemonThread(Routing.wrap((Callable<String>) router::exportToken));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(token).as("an unresolved token: the importer's reads go to the primary")
                    .isNotNull();
            assertThat(millis).as("probe timeout 1 s").isLessThan(2_500);
            return null;
        });
    }
}
