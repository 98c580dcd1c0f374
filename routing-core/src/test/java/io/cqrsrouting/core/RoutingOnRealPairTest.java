package io.cqrsrouting.core;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static io.cqrsrouting.core.Nodes.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** The routing contract of the core, proven by asking the real primary and standby. */
class RoutingOnRealPairTest {

    private static PostgresReplicaSet set;
    private static RoutingDataSource ds;

    @BeforeAll
    static void start() throws Exception {
        set = PostgresReplicaSet.shared(1);
        ds = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .build();
        assertThat(ds.awaitMonitor(1, 10_000)).isTrue();
        // Lag is known once the primary has been sampled before a standby probe.
        long deadline = System.currentTimeMillis() + 10_000;
        while (ds.endpoints().get(1).lagMillis() < 0 && System.currentTimeMillis() < deadline) {
            Waits.monitor(ds, 1);
        }
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void queryIsServedByTheStandby() {
        assertThat(Routing.query(() -> servedBy(ds))).isEqualTo("standby1");
    }

    @Test
    void commandIsServedByThePrimary() {
        assertThat(Routing.command(() -> servedBy(ds))).isEqualTo("primary");
    }

    @Test
    void consistentReadIsServedByThePrimary() {
        assertThat(Routing.consistent(() -> servedBy(ds))).isEqualTo("primary");
    }

    @Test
    void callOutsideAnyScopeGoesToThePrimaryByDefault() {
        assertThat(servedBy(ds)).isEqualTo("primary");
    }

    @Test
    void defaultRouteCanBeTheReplica() {
        try (RoutingDataSource readMostly = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .defaultRoute(Route.REPLICA).monitor(false).build()) {
            // a fresh session: this thread's earlier tests wrote to the same primary, and plain
            // reads of a session that wrote are read-your-writes (no monitor here to prove it)
            assertThat(Routing.session(() -> servedBy(readMostly))).isEqualTo("standby1");
            assertThat(Routing.command(() -> servedBy(readMostly))).isEqualTo("primary");
        }
    }

    @Test
    void queryInsideCommandStaysOnPrimary() {
        assertThat(Routing.command(() -> Routing.query(() -> servedBy(ds)))).isEqualTo("primary");
    }

    @Test
    void commandInsideQueryRunsOnPrimaryAndTheQueryResumesOnTheStandby() {
        List<String> nodes = Routing.query(() -> List.of(servedBy(ds),
                Routing.command(() -> servedBy(ds)), servedBy(ds)));
        assertThat(nodes).containsExactly("standby1", "primary", "standby1");
    }

    @Test
    void monitorSeesTheRealRoles() {
        List<EndpointStatus> endpoints = ds.endpoints();
        assertThat(endpoints.get(0).role()).isEqualTo(NodeRole.WRITABLE);
        assertThat(endpoints.get(1).role()).isEqualTo(NodeRole.READ_ONLY);
        assertThat(endpoints.get(1).lagMillis()).isGreaterThanOrEqualTo(0);
        assertThat(endpoints.toString()).doesNotContain(set.password());
    }

    @Test
    void replicaConnectionIsTaggedWithItsRoute() throws Exception {
        try (java.sql.Connection c = Routing.query(ds::getConnection)) {
            assertThat(RoutingSpi.routeOf(c)).isEqualTo(Route.REPLICA);
        }
        try (java.sql.Connection c = ds.getConnection()) {
            assertThat(RoutingSpi.routeOf(c)).isEqualTo(Route.PRIMARY);
        }
    }

    @Test
    void thousandsOfConcurrentMixedCallsAreRoutedExactly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 400; i++) {
                        int kind = ThreadLocalRandom.current().nextInt(4);
                        String expected = kind == 0 ? "standby1" : "primary";
                        String got = switch (kind) {
                            case 0 -> Routing.query(() -> servedBy(ds));
                            case 1 -> Routing.command(() -> servedBy(ds));
                            case 2 -> Routing.command(() -> Routing.query(() -> servedBy(ds)));
                            default -> Routing.query(() -> Routing.command(() -> servedBy(ds)));
                        };
                        wrong += expected.equals(got) ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            int wrong = 0;
            for (Future<Integer> f : results) {
                wrong += f.get();
            }
            assertThat(wrong).isZero();
            assertThat(pool.submit(Routing::currentRoute).get()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
