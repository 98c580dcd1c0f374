package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.internal.ProbeConnections;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The router and the application's pools on a real primary and standby: the monitor never takes
 * a slot of an application pool (issue 11, defect 1); a saturated pool is load, not a dead
 * endpoint (defect 4); a failure is blamed on the endpoint of the connection that ran it
 * (defect 9).
 */
class PoolsOnRealSetTest {

    private static PostgresReplicaSet set;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startSet() {
        set = PostgresReplicaSet.start(1);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE pools (id bigint)");
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopSet() {
        set.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
        set.setPrimaryReadOnly(false);
        Nodes.execute(set.primaryJdbcUrl(), set, "TRUNCATE pools");
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    private HikariDataSource pool(String url, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(set.username());
        c.setPassword(set.password());
        c.setMaximumPoolSize(size);
        c.setConnectionTimeout(1_000);
        return closeLater(new HikariDataSource(c));
    }

    private static long monitorSessions(String url) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "testkit-secret-pw");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name = '" + ProbeConnections.APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReadOnlyWindowLeavesADataSourcePrimaryPoolWhole() throws Exception {
        HikariDataSource primaryPool = pool(set.primaryJdbcUrl(), 3);
        HikariDataSource standbyPool = pool(set.standbyJdbcUrl(0), 3);
        RoutingDataSource router = RoutingDataSource.builder().primary(primaryPool)
                .replica(standbyPool).monitorInterval(Duration.ofMillis(50)).build();
        Waits.monitor(router, 2);
        // An idle application holds nothing: the monitor probes over its own connections.
        assertThat(primaryPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(standbyPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(monitorSessions(set.primaryJdbcUrl())).isPositive();

        set.setPrimaryReadOnly(true);
        Waits.until("writes unavailable", Duration.ofSeconds(5), router::writesUnavailable);
        Waits.monitor(router, 10); // many probes of a read-only primary
        set.setPrimaryReadOnly(false);
        Waits.until("writes available", Duration.ofSeconds(5), () -> !router.writesUnavailable());

        for (int i = 0; i < 5; i++) {
            assertThat(Routing.command(() -> Nodes.insert(router, "pools", 1))).isEqualTo("primary");
        }
        assertThat(primaryPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        try (Connection direct = primaryPool.getConnection()) {
            assertThat(direct.isValid(1)).isTrue();
        }
        router.close();
        assertThat(primaryPool.getHikariPoolMXBean().getActiveConnections()).isZero();
        Waits.until("the monitor's sessions are gone after close()", Duration.ofSeconds(5),
                () -> monitorSessions(set.primaryJdbcUrl()) == 0
                        && monitorSessions(set.standbyJdbcUrl(0)) == 0);
    }

    @Test
    void monitorTimeoutsCannotBeLengthenedByTheUrl() throws Exception {
        RoutingDataSource router = closeLater(RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl() + "?socketTimeout=0&ApplicationName=app",
                        set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password()).build());
        Waits.monitor(router, 1);
        // The URL names the application pool's sessions "app"; the monitor's keep their name.
        assertThat(monitorSessions(set.primaryJdbcUrl())).isPositive();
    }

    @Test
    void aSaturatedPrimaryPoolIsLoadNotFailure() throws Exception {
        RoutingDataSource router = closeLater(RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .poolSize(2).connectionTimeout(Duration.ofMillis(300))
                .monitorInterval(Duration.ofMillis(50)).build());
        Waits.monitor(router, 1);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> transactions = new ArrayList<>();
        // Own threads: the common pool may have a single thread on a 2-core machine.
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors
                .newFixedThreadPool(2);
        closeLater(two::shutdownNow);
        for (int i = 1; i <= 2; i++) {
            long id = i;
            transactions.add(CompletableFuture.runAsync(() -> {
                try {
                    Routing.command(() -> {
                        try (Connection c = router.getConnection();
                                Statement st = c.createStatement()) {
                            c.setAutoCommit(false);
                            st.execute("INSERT INTO pools VALUES (" + id + ")");
                            holding.countDown();
                            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                            c.commit();
                        }
                        return null;
                    });
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, two));
        }
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> Routing.command(() -> {
            try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO pools VALUES (3)");
            }
            return null;
        })).isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
            assertThat(e.endpoint()).isEqualTo("primary");
            assertThat(e.getMessage()).contains("pool exhausted", "primary", "pool size 2")
                    .doesNotContain(set.password());
            assertThat(FailureClassifier.classify(e).kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(FailureClassifier.classify(e).nothingApplied()).isTrue();
        });
        assertThat(router.writesUnavailable()).isFalse();
        assertThat(router.endpoints()).allMatch(EndpointStatus::reachable);

        release.countDown();
        for (CompletableFuture<Void> t : transactions) {
            t.get(10, TimeUnit.SECONDS); // the busy transactions were not aborted
        }
        assertThat(Nodes.count(set, "pools")).isEqualTo(2);
        assertThat(Routing.command(() -> Nodes.insert(router, "pools", 4))).isEqualTo("primary");
    }

    @Test
    void aSaturatedReplicaPoolIsLoadNotFailure() throws Exception {
        RoutingDataSource router = closeLater(RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .poolSize(1).connectionTimeout(Duration.ofMillis(300))
                .monitorInterval(Duration.ofMillis(50)).build());
        Waits.monitor(router, 1);
        // A fresh session: earlier tests' writes on this thread do not make these reads consistent.
        Routing.session(() -> Routing.query(() -> {
            try (Connection held = router.getConnection()) {
                assertThat(PostgresReplicaSet.servedBy(held)).isEqualTo("standby1");
                assertThatThrownBy(() -> Routing.query(() -> Nodes.servedBy(router)))
                        .hasCauseInstanceOf(PoolExhaustedException.class)
                        .cause().hasMessageContaining("replica-1")
                        .hasMessageContaining("pool size 1");
                assertThat(router.endpoints()).allMatch(EndpointStatus::reachable);
                assertThat(PostgresReplicaSet.servedBy(held)).as("still usable")
                        .isEqualTo("standby1");
            }
            return null;
        }));
        assertThat(Routing.query(() -> Nodes.servedBy(router))).isEqualTo("standby1");
    }

    @Test
    void aWriteRejectedOnAReplicaConnectionIsNotBlamedOnThePrimary() throws Exception {
        RoutingDataSource router = closeLater(RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofSeconds(30)).build());
        Waits.monitor(router, 1);
        Routing.query(() -> {
            // A read-only transaction on the standby, still open when a command starts.
            try (Connection replica = router.getConnection()) {
                replica.setAutoCommit(false);
                assertThat(PostgresReplicaSet.servedBy(replica)).isEqualTo("standby1");
                // The command opens a primary connection last, then writes on the replica one.
                assertThatThrownBy(() -> Routing.command(() -> {
                    try (Connection primary = router.getConnection();
                            Statement p = primary.createStatement();
                            Statement r = replica.createStatement()) {
                        p.execute("SELECT 1");
                        r.execute("INSERT INTO pools VALUES (1)");
                    }
                    return null;
                })).isInstanceOf(SQLException.class)
                        .isNotInstanceOf(WritesUnavailableException.class)
                        .hasMessageContaining("read-only");
                replica.rollback();
            }
            return null;
        });
        assertThat(router.writesUnavailable()).isFalse();
        assertThat(Routing.command(() -> Nodes.insert(router, "pools", 2))).isEqualTo("primary");
    }
}
