package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import static io.cqrsrouting.core.Nodes.find;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands only note that they wrote; the consistency position is resolved when a read or an
 * export needs it. Proven on the real primary and standby: statements on the primary are
 * counted by a pass-through wrapper around a real pool, which can also refuse new connections
 * to stand for an unreachable primary.
 */
class LazyTokensOnRealSetTest {

    private static final AtomicLong IDS = new AtomicLong();
    private static PostgresReplicaSet set;
    private static HikariDataSource primaryPool;
    private Counting primary;
    private RoutingDataSource router;

    @BeforeAll
    static void start() {
        set = PostgresReplicaSet.start(1);
        Nodes.execute(set.primaryJdbcUrl(), set, "CREATE TABLE lazy (id bigint PRIMARY KEY)");
        set.awaitReplay(0, Duration.ofSeconds(10));
        primaryPool = new HikariDataSource();
        primaryPool.setJdbcUrl(set.primaryJdbcUrl());
        primaryPool.setUsername(set.username());
        primaryPool.setPassword(set.password());
        primaryPool.setMaximumPoolSize(4);
    }

    @AfterAll
    static void stop() {
        primaryPool.close();
        set.close();
    }

    @AfterEach
    void close() {
        if (router != null) {
            router.close();
        }
        set.resumeReplay(0);
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    private RoutingDataSource router(boolean monitor) {
        primary = new Counting(primaryPool);
        return RoutingDataSource.builder().name("lazy").primary(primary)
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitor(monitor).monitorInterval(Duration.ofMillis(50)).build();
    }

    @Test
    void commandsRunNoPositionQueryUntilTheTokenIsExported() {
        router = router(false);
        String token = Routing.session(() -> {
            for (int i = 0; i < 10; i++) {
                Routing.command(() -> insertOnly(router, IDS.incrementAndGet()));
            }
            assertThat(primary.statements.get()).as("one statement per command, nothing else")
                    .isEqualTo(10);
            String exported = router.exportToken();
            assertThat(primary.statements.get()).as("one position query for ten commands")
                    .isEqualTo(11);
            assertThat(router.exportToken()).isEqualTo(exported);
            assertThat(primary.statements.get()).as("resolved once, then remembered").isEqualTo(11);
            return exported;
        });
        assertThat(router.decodeToken(token)).isNotEqualTo(ConsistencyToken.UNRESOLVED)
                .isLessThanOrEqualTo(set.primaryWalLsn());
    }

    @Test
    void aMonitorProbeAfterTheCommitResolvesTheTokenWithoutAskingThePrimary() throws Exception {
        router = router(true);
        assertThat(router.awaitMonitor(1, 10_000)).isTrue();
        long id = IDS.incrementAndGet();
        String token = Routing.session(() -> {
            Routing.command(() -> insertOnly(router, id));
            long committedBy = set.primaryWalLsn();
            assertThat(router.awaitMonitor(2, 10_000)).isTrue();
            primary.refuse = true; // the monitor keeps its open connection; nothing new is had
            String exported = router.exportToken();
            assertThat(router.decodeToken(exported)).as("a real position, from the probe")
                    .isNotEqualTo(ConsistencyToken.UNRESOLVED)
                    .isGreaterThanOrEqualTo(committedBy);
            return exported;
        });
        assertThat(token).startsWith("2.");
    }

    @Test
    void anUnresolvedTokenSendsTheImportersReadsToThePrimaryUntilTheStandbyHasEverything()
            throws Exception {
        router = router(false);
        long id = IDS.incrementAndGet();
        String token = Routing.session(() -> {
            Routing.command(() -> insertOnly(router, id));
            primary.refuse = true; // the primary cannot be asked at export time
            return router.exportToken();
        });
        assertThat(router.decodeToken(token)).isEqualTo(ConsistencyToken.UNRESOLVED);
        set.awaitReplay(0, Duration.ofSeconds(10)); // the standby has the row...
        set.pauseReplay(0);
        Nodes.execute(set.primaryJdbcUrl(), set, "INSERT INTO lazy VALUES (" + IDS.incrementAndGet()
                + ")"); // ...but not everything the primary has now

        try (RoutingDataSource other = RoutingDataSource.builder().name("lazy")
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofMillis(50)).build()) {
            Waits.monitor(other, 2);
            try (RoutingSession request = Routing.openSession()) {
                assertThat(request.importToken(other, token)).isTrue();
                assertThat(ryw(() -> find(other, "lazy", id))).isEqualTo("primary:found");
                set.resumeReplay(0);
                set.awaitReplay(0, Duration.ofSeconds(10));
                Waits.monitor(other, 2);
                assertThat(ryw(() -> find(other, "lazy", id))).isEqualTo("standby1:found");
            }
        }
    }

    @Test
    void readYourWritesRightAfterACommandResolvesOnceAndStillSeesTheWrite() throws Exception {
        router = router(true);
        set.pauseReplay(0);
        long id = IDS.incrementAndGet();
        Routing.session(() -> {
            Routing.command(() -> insertOnly(router, id));
            assertThat(ryw(() -> find(router, "lazy", id))).isEqualTo("primary:found");
            set.resumeReplay(0);
            set.awaitReplay(0, Duration.ofSeconds(10));
            assertThat(router.awaitMonitor(2, 10_000)).isTrue();
            assertThat(ryw(() -> find(router, "lazy", id))).isEqualTo("standby1:found");
            return null;
        });
    }

    private static String ryw(Routing.Work<String, RuntimeException> read) {
        return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0, read);
    }

    /** Inserts with exactly one statement, so that the count shows any statement the router adds. */
    private static Void insertOnly(DataSource ds, long id) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO lazy (id) VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Passes everything to a real pool; counts statements created and can refuse new connections. */
    static final class Counting implements DataSource {
        final AtomicInteger statements = new AtomicInteger();
        volatile boolean refuse;
        private final DataSource target;

        Counting(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (refuse) {
                throw new SQLException("connection refused (test: primary unreachable)", "08001");
            }
            Connection real = target.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare")
                                || method.getName().equals("createStatement")) {
                            statements.incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("lazy-tokens-test");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return target.isWrapperFor(iface);
        }
    }
}
