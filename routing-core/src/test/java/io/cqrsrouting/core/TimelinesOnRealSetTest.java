package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positions carry their timeline (issue 11, defects 2 and 3), on a real primary and two async
 * standbys in cluster mode: after a promotion, a standby that is not receiving the new primary's
 * timeline is never fresh, and a demoted primary left up read-only is not a replica. The oracle:
 * a write committed through the router after the promotion is seen by every bounded
 * (500 ms) and read-your-writes read, and the nodes that cannot have it never serve them.
 */
class TimelinesOnRealSetTest {

    private PostgresReplicaSet set;
    private RoutingDataSource router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        if (set != null) {
            set.close();
        }
    }

    private void startCluster() throws InterruptedException {
        set = PostgresReplicaSet.start(2);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE tl (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
        set.awaitReplay(1, Duration.ofSeconds(10));
        router = RoutingDataSource.builder()
                .node(set.primaryJdbcUrl(), set.username(), set.password())
                .node(set.standbyJdbcUrl(0), set.username(), set.password())
                .node(set.standbyJdbcUrl(1), set.username(), set.password())
                .monitorInterval(Duration.ofMillis(50)).probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(2)).build();
        Waits.monitor(router, 2);
    }

    /**
     * Reads that must see {@code id} for {@code millis}: bounded to 500 ms and read-your-writes,
     * each checked against the table.
     *
     * @return the nodes that served them
     */
    private Set<String> readsThatMustSee(long id, long millis) {
        Set<String> servedBy = new HashSet<>();
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() - end < 0) {
            String bounded = Routing.query(500, () -> Nodes.find(router, "tl", id));
            String ryw = Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                    () -> Nodes.find(router, "tl", id));
            assertThat(bounded).as("bounded read").endsWith(":found");
            assertThat(ryw).as("read-your-writes read").endsWith(":found");
            servedBy.add(bounded.split(":")[0]);
            servedBy.add(ryw.split(":")[0]);
        }
        return servedBy;
    }

    @Test
    void aStandbyLeftOnTheOldTimelineIsNeverFreshAfterAPromotion() throws Exception {
        startCluster();
        // standby1 stops; standby2 replays more of the old timeline than standby1 will ever have.
        set.standby(0).stop();
        for (int i = 0; i < 200; i++) {
            Nodes.execute(set.primaryJdbcUrl(), set, "INSERT INTO tl VALUES (" + -i + ")");
        }
        set.awaitReplay(1, Duration.ofSeconds(10));
        set.primary().kill();
        set.standby(0).start();
        set.promote(0);
        Waits.until("node-2 elected", Duration.ofSeconds(10),
                () -> router.currentPrimary().name().equals("node-2") && !router.writesUnavailable());

        Routing.session(() -> {
            // The new primary's pool may still be backing off from the time the node was down.
            Waits.until("a command commits on the new primary", Duration.ofSeconds(10), () -> {
                try {
                    return "standby1".equals(Routing.command(() -> Nodes.insert(router, "tl", 42)));
                } catch (RuntimeException e) {
                    return false;
                }
            });
            assertThat(readsThatMustSee(42, 1_000)).doesNotContain("standby2");
            return null;
        });
        EndpointStatus node3 = router.endpoints().get(2);
        assertThat(node3.lagMillis()).as("standby2 does not follow the new primary: lag unknown")
                .isEqualTo(-1);
    }

    @Test
    void aDemotedPrimaryLeftUpIsNotAReplica() throws Exception {
        startCluster();
        // Planned switchover: the old primary is set read-only and stays up; standby1 is promoted.
        // standby2 keeps streaming from the old primary, on the old timeline.
        set.setPrimaryReadOnly(true);
        set.promote(0);
        Waits.until("node-2 elected", Duration.ofSeconds(10),
                () -> router.currentPrimary().name().equals("node-2") && !router.writesUnavailable());

        Routing.session(() -> {
            assertThat(Routing.command(() -> Nodes.insert(router, "tl", 7))).isEqualTo("standby1");
            assertThat(readsThatMustSee(7, 1_000)).doesNotContain("primary", "standby2");
            return null;
        });
        for (int i = 0; i < 20; i++) {
            assertThat(Routing.query(() -> Nodes.servedBy(router)))
                    .as("a read-only node that replicates from nobody serves no reads")
                    .isNotEqualTo("primary");
        }
        assertThat(router.endpoints().get(0).lagMillis()).isEqualTo(-1);
    }

    @Test
    void aServingConnectionOnTheOldTimelineIsNeverFresh() throws Exception {
        // Endpoint mode after a split brain: standby1 is promoted and taken as the primary;
        // standby2 keeps streaming the old primary's timeline, which goes on taking writes and
        // runs a WAL segment ahead of the new primary in bytes.
        set = PostgresReplicaSet.start(2);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE tl (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
        set.awaitReplay(1, Duration.ofSeconds(10));
        set.promote(0);
        Nodes.execute(set.primaryJdbcUrl(), set, "INSERT INTO tl VALUES (-1)");
        Nodes.execute(set.primaryJdbcUrl(), set, "SELECT pg_switch_wal()");
        Nodes.execute(set.primaryJdbcUrl(), set, "INSERT INTO tl VALUES (-2)");
        set.awaitReplay(1, Duration.ofSeconds(10));

        // A replica endpoint that spreads connections over several nodes: the monitor's probe
        // lands on the new primary (read scale-out answering from it), the serving pool on
        // standby2.
        org.postgresql.ds.PGSimpleDataSource probe = new org.postgresql.ds.PGSimpleDataSource();
        probe.setURL(set.standbyJdbcUrl(0));
        probe.setUser(set.username());
        probe.setPassword(set.password());
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(set.standbyJdbcUrl(1));
        config.setUsername(set.username());
        config.setPassword(set.password());
        config.setMaximumPoolSize(2);
        try (com.zaxxer.hikari.HikariDataSource serving =
                new com.zaxxer.hikari.HikariDataSource(config)) {
            router = RoutingDataSource.builder()
                    .primary(set.standbyJdbcUrl(0), set.username(), set.password())
                    .replica(serving, probe).checkServingConnection(true)
                    .monitorInterval(Duration.ofMillis(50)).poolSize(2).build();
            Waits.monitor(router, 2);
            long newPrimaryAt = Long.parseLong(Routing.command(() -> scalar(router,
                    "SELECT pg_current_wal_lsn() - '0/0'")));
            assertThat(set.standbyReplayLsn(1)).as("the old timeline is ahead in bytes")
                    .isGreaterThan(newPrimaryAt);

            for (int i = 0; i < 10; i++) {
                long id = 100 + i;
                String ryw = Routing.session(() -> {
                    Routing.command(() -> Nodes.insert(router, "tl", id));
                    return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                            () -> Nodes.find(router, "tl", id));
                });
                assertThat(ryw).as("read-your-writes read").endsWith(":found");
                String bounded = Routing.session(() -> Routing.query(500,
                        () -> Nodes.servedBy(router)));
                assertThat(bounded).as("a bounded read on a node of another timeline")
                        .isNotEqualTo("standby2");
            }
            router.close();
            router = null;
        }
    }

    private static String scalar(javax.sql.DataSource ds, String sql) {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
