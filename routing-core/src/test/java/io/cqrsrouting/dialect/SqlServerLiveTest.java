package io.cqrsrouting.dialect;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.NodeRole;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.WritesUnavailableException;
import io.cqrsrouting.core.event.RoutingEvent;
import io.cqrsrouting.core.failure.Retrier;
import io.cqrsrouting.core.failure.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routing scenarios against a real SQL Server / Azure SQL database, run when its settings are
 * given (skipped otherwise). See docs/sqlserver.md for the permissions the login needs.
 *
 * <ul>
 *   <li>{@code CQRS_SQLSERVER_URL} (read-write endpoint, with {@code databaseName}),
 *       {@code CQRS_SQLSERVER_USER}, {@code CQRS_SQLSERVER_PASSWORD}: required;
 *   <li>{@code CQRS_SQLSERVER_REPLICA_URL}: a replica URL, else the derived read-only endpoint;
 *   <li>{@code CQRS_SQLSERVER_FAILOVER_GROUP=true}: the URL is a failover-group listener; the
 *       replica is then its read-only listener (the geo-secondary);
 *   <li>{@code CQRS_SQLSERVER_LIMITED_USER} / {@code _PASSWORD}: a login without
 *       {@code VIEW DATABASE STATE} (or {@code VIEW SERVER STATE}), to see the warning;
 *   <li>{@code CQRS_SQLSERVER_READ_ONLY_WINDOW=true}: sets the database READ_ONLY for a few
 *       seconds (the rolling-upgrade window; needs ALTER DATABASE permission);
 *   <li>{@code CQRS_SQLSERVER_FAILOVER_WINDOW_SECONDS=N}: runs writers and readers for N seconds
 *       while you start a failover yourself (portal, {@code az sql db replica set-primary},
 *       {@code ALTER AVAILABILITY GROUP ... FAILOVER}), then checks nothing acknowledged was lost
 *       and no read-your-writes read missed its write;
 *   <li>{@code CQRS_SQLSERVER_NAMED_REPLICA_URL}: a Hyperscale named replica of the database;
 *       checks it is a replica with its own position that reaches the primary's commits;
 *   <li>{@code CQRS_SQLSERVER_FORCED_FAILOVER_WINDOW_SECONDS=N}: runs read-your-writes sessions
 *       for N seconds while you force a failover with data loss
 *       ({@code ALTER AVAILABILITY GROUP ... FORCE_FAILOVER_ALLOW_DATA_LOSS}, or
 *       {@code az sql db replica set-primary --allow-data-loss}); checks that the primary's
 *       timeline (recovery fork) changed where the engine exposes it, that no read was served by
 *       a node on the old fork afterwards, and that every write acknowledged after the failover
 *       is read back (writes acknowledged before it may be lost: counted, not asserted).
 * </ul>
 */
@EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_URL", matches = ".+")
class SqlServerLiveTest {

    private static final String URL = System.getenv("CQRS_SQLSERVER_URL");
    private static final String USER = System.getenv("CQRS_SQLSERVER_USER");
    private static final String PASSWORD = System.getenv("CQRS_SQLSERVER_PASSWORD");
    private static final String TABLE = "cqrs_live_" + Long.toHexString(
            ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static RoutingDataSourceBuilder builder(String user, String password) {
        RoutingDataSourceBuilder b = RoutingDataSource.builder().primary(URL, user, password);
        if (env("CQRS_SQLSERVER_REPLICA_URL") != null) {
            b.replica(env("CQRS_SQLSERVER_REPLICA_URL"), user, password);
        }
        return b.failoverGroupListener("true".equalsIgnoreCase(env("CQRS_SQLSERVER_FAILOVER_GROUP")));
    }

    @BeforeAll
    static void createTable() throws Exception {
        try (RoutingDataSource ds = builder(USER, PASSWORD).monitor(false).build();
                Connection c = Routing.command(ds::getConnection);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, v nvarchar(40))");
        }
    }

    @AfterAll
    static void dropTable() throws Exception {
        try (RoutingDataSource ds = builder(USER, PASSWORD).monitor(false).build();
                Connection c = Routing.command(ds::getConnection);
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    private static String updateability(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS nvarchar(32))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void insert(RoutingDataSource ds, long id) throws SQLException {
        Routing.command(() -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (id, v) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, "v" + id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** @return "READ_ONLY:found" and the like: who served the read and whether the row was there */
    private static String find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(DATABASEPROPERTYEX(DB_NAME(),"
                + " 'Updateability') AS nvarchar(32)), (SELECT COUNT(*) FROM " + TABLE
                + " WHERE id = ?)")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) + ":" + (rs.getInt(2) == 1 ? "found" : "missing");
            }
        }
    }

    private static void await(BooleanSupplier condition, long timeoutMillis, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void rolesOfTheEndpointsAsTheDatabaseReportsThem() throws Exception {
        try (RoutingDataSource ds = builder(USER, PASSWORD).build()) {
            assertThat(ds.awaitMonitor(2, 60_000)).isTrue();
            assertThat(ds.dialect().name()).isEqualTo("sqlserver");
            assertThat(ds.endpoints().get(0).role()).isEqualTo(NodeRole.WRITABLE);
            try (Connection c = Routing.command(ds::getConnection)) {
                assertThat(updateability(c)).isEqualTo("READ_WRITE");
            }
            try (Connection c = Routing.query(ds::getConnection)) {
                // READ_ONLY with read scale-out or a geo-secondary; a tier without read scale-out
                // lands on the primary, which the monitor then reports as a writable replica.
                String served = updateability(c);
                assertThat(served).isIn("READ_ONLY", "READ_WRITE");
                if (ds.endpoints().size() > 1) {
                    assertThat(ds.endpoints().get(1).role()).isEqualTo(
                            served.equals("READ_ONLY") ? NodeRole.READ_ONLY : NodeRole.WRITABLE);
                }
            }
            assertThat(ds.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void primaryAndReplicaReportTheSameQuantityOrNameTheMissingGrant() throws Exception {
        SqlServerDialect dialect = new SqlServerDialect();
        try (RoutingDataSource ds = builder(USER, PASSWORD).monitor(false).build()) {
            insert(ds, IDS.incrementAndGet());
            long token;
            try (Connection c = Routing.command(ds::getConnection)) {
                NodeState primary = dialect.probe(c);
                assertThat(primary.writable()).isTrue();
                assertThat(primary.replica()).isFalse();
                token = dialect.commitPosition(c);
                if (primary.positionsUnavailable() != null) {
                    assertThat(primary.positionsUnavailable()).contains("GRANT VIEW");
                    assertThat(token).isEqualTo(-1);
                    return; // the rest needs the permission
                }
                assertThat(token).isPositive().isGreaterThanOrEqualTo(primary.position());
            }
            if (ds.endpoints().size() < 2) {
                return;
            }
            // The replica reaches the token, and an idle replica reports the primary's position
            // exactly (same column, same precision), not a position "behind".
            long[] replayed = {-1};
            await(() -> {
                try (Connection c = Routing.query(ds::getConnection)) {
                    NodeState s = dialect.probe(c);
                    replayed[0] = s.position();
                    return !s.writable() && s.replica() && s.position() >= token;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 60_000, "the replica to replay the token");
            assertThat(replayed[0]).isGreaterThanOrEqualTo(token);
        }
    }

    @Test
    void readYourWritesNeverMissesTheCallersWrite() throws Exception {
        try (RoutingDataSource ds = builder(USER, PASSWORD).build()) {
            assertThat(ds.awaitMonitor(2, 60_000)).isTrue();
            int onReplica = 0;
            for (int i = 0; i < 30; i++) {
                long id = IDS.incrementAndGet();
                String seen = Routing.session(() -> {
                    insert(ds, id);
                    return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 5_000, () -> {
                        try (Connection c = ds.getConnection()) {
                            return find(c, id);
                        }
                    });
                });
                assertThat(seen).as("read-your-writes read of row %d", id).endsWith(":found");
                onReplica += seen.startsWith("READ_ONLY") ? 1 : 0;
            }
            // Informational: 0 when positions are not permitted (every such read goes to the
            // primary); otherwise most reads are served by the replica.
            System.out.println("read-your-writes reads served by a read-only replica: "
                    + onReplica + " of 30");
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_LIMITED_USER", matches = ".+")
    void aLoginWithoutThePermissionIsToldWhichGrantIsMissing() throws Exception {
        List<RoutingEvent> heard = new CopyOnWriteArrayList<>();
        try (RoutingDataSource ds = builder(env("CQRS_SQLSERVER_LIMITED_USER"),
                env("CQRS_SQLSERVER_LIMITED_PASSWORD")).listener(heard::add).build()) {
            assertThat(ds.awaitMonitor(3, 60_000)).isTrue();
            assertThat(heard).filteredOn(e -> e.kind() == RoutingEvent.Kind.POSITIONS_UNAVAILABLE)
                    .isNotEmpty().allSatisfy(e -> assertThat(
                            ((RoutingEvent.PositionsUnavailable) e).reason()).contains("GRANT VIEW"));
            assertThat(ds.endpoints().get(0).positionsUnavailable()).contains("GRANT VIEW");
            try (Connection c = Routing.query(60_000, ds::getConnection)) {
                assertThat(updateability(c)).as("a bounded read with unknown lag goes to the primary")
                        .isEqualTo("READ_WRITE");
            }
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_READ_ONLY_WINDOW", matches = "true")
    void aReadOnlyWindowMakesCommandsFailFastAndEndsByItself() throws Exception {
        try (RoutingDataSource ds = builder(USER, PASSWORD).build()) {
            assertThat(ds.awaitMonitor(2, 60_000)).isTrue();
            try (Connection c = Routing.command(ds::getConnection); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE CURRENT SET READ_ONLY WITH ROLLBACK IMMEDIATE");
            }
            try {
                await(ds::writesUnavailable, 30_000, "writes-unavailable mode");
                assertThatThrownBy(() -> insert(ds, IDS.incrementAndGet()))
                        .isInstanceOf(WritesUnavailableException.class);
                try (Connection c = Routing.query(ds::getConnection)) {
                    assertThat(updateability(c)).isEqualTo("READ_ONLY");
                }
            } finally {
                try (Connection c = java.sql.DriverManager.getConnection(URL, USER, PASSWORD);
                        Statement st = c.createStatement()) {
                    st.execute("ALTER DATABASE CURRENT SET READ_WRITE WITH ROLLBACK IMMEDIATE");
                }
            }
            await(() -> !ds.writesUnavailable(), 60_000, "writes to come back");
            long id = IDS.incrementAndGet();
            insert(ds, id);
            try (Connection c = Routing.command(ds::getConnection)) {
                assertThat(find(c, id)).isEqualTo("READ_WRITE:found");
            }
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_FAILOVER_WINDOW_SECONDS", matches = "\\d+")
    void aFailoverStartedByHandLosesNoAcknowledgedWriteAndNoReadMissesItsWrite() throws Exception {
        long windowMillis = Long.parseLong(env("CQRS_SQLSERVER_FAILOVER_WINDOW_SECONDS")) * 1000;
        Retrier retrier = new Retrier(RetryPolicy.azureSql());
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong staleReads = new AtomicLong();
        AtomicLong failedWrites = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (RoutingDataSource ds = builder(USER, PASSWORD).build()) {
            assertThat(ds.awaitMonitor(2, 60_000)).isTrue();
            System.out.println("Start the failover now; watching for " + windowMillis / 1000 + " s");
            Thread[] workers = new Thread[4];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = new Thread(() -> {
                    while (running.get()) {
                        long id = IDS.incrementAndGet();
                        try {
                            String seen = Routing.session(() -> {
                                // A fresh key makes the insert idempotent in effect: a repeat
                                // after an unknown outcome fails on the key (2627), and the
                                // row is checked at the end.
                                retrier.call(RoutingIntent.command(true), false, () -> {
                                    try {
                                        insert(ds, id);
                                    } catch (SQLException e) {
                                        if (e.getErrorCode() != 2627) {
                                            throw e;
                                        }
                                    }
                                    return null;
                                });
                                acknowledged.add(id);
                                return Routing.consistent(Consistent.Level.READ_YOUR_WRITES,
                                        2_000, () -> {
                                            try (Connection c = ds.getConnection()) {
                                                return find(c, id);
                                            }
                                        });
                            });
                            if (!seen.endsWith(":found")) {
                                staleReads.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failedWrites.incrementAndGet();
                        }
                    }
                });
                workers[w].start();
            }
            Thread.sleep(windowMillis); // the operator's failover happens in this window
            running.set(false);
            for (Thread t : workers) {
                t.join(180_000);
                assertThat(t.isAlive()).as("worker finished").isFalse();
            }
            await(() -> !ds.writesUnavailable(), 120_000, "a writable primary");
            long missing;
            try (Connection c = Routing.command(ds::getConnection)) {
                missing = acknowledged.stream().filter(id -> {
                    try {
                        return !find(c, id).endsWith(":found");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).count();
            }
            System.out.println("failover window: acknowledged=" + acknowledged.size() + " lost="
                    + missing + " staleReadYourWrites=" + staleReads.get() + " failedCalls="
                    + failedWrites.get());
            assertThat(missing).as("acknowledged writes lost").isZero();
            assertThat(staleReads.get()).as("read-your-writes reads that missed their write")
                    .isZero();
        }
    }
    @Test
    void primaryAndReplicaAreOnTheSameRecoveryFork() throws Exception {
        SqlServerDialect dialect = new SqlServerDialect();
        try (RoutingDataSource ds = builder(USER, PASSWORD).monitor(false).build()) {
            NodeState primary;
            try (Connection c = Routing.command(ds::getConnection)) {
                primary = dialect.probe(c);
            }
            if (primary.positionsUnavailable() != null || ds.endpoints().size() < 2) {
                return; // nothing to compare
            }
            try (Connection c = Routing.query(ds::getConnection)) {
                NodeState replica = dialect.probe(c);
                // Azure SQL Database: unknown on both sides; SQL Server and Managed Instance: the
                // fork the replica redoes is the primary's (otherwise it would never be fresh).
                System.out.println("recovery fork timeline: primary=" + primary.timeline()
                        + " replica=" + replica.timeline());
                assertThat(replica.timeline()).isEqualTo(primary.timeline());
                assertThat(replica.receiving()).isTrue();
            }
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_FORCED_FAILOVER_WINDOW_SECONDS",
            matches = "\\d+")
    void afterAForcedFailoverNoReadIsServedFromTheOldFork() throws Exception {
        long windowMillis = Long.parseLong(env("CQRS_SQLSERVER_FORCED_FAILOVER_WINDOW_SECONDS"))
                * 1000;
        SqlServerDialect dialect = new SqlServerDialect();
        Retrier retrier = new Retrier(RetryPolicy.azureSql());
        try (RoutingDataSource ds = builder(USER, PASSWORD).build()) {
            assertThat(ds.awaitMonitor(2, 60_000)).isTrue();
            long before;
            try (Connection c = Routing.command(ds::getConnection)) {
                before = dialect.probe(c).timeline();
            }
            System.out.println("Force the failover now; watching for " + windowMillis / 1000 + " s");
            long end = System.currentTimeMillis() + windowMillis;
            long lostBefore = 0;
            long after = before;
            long oldForkReads = 0;
            long missed = 0;
            long checked = 0;
            while (System.currentTimeMillis() < end) {
                long id = IDS.incrementAndGet();
                try {
                    String seen = Routing.session(() -> {
                        retrier.call(RoutingIntent.command(true), false, () -> {
                            insert(ds, id);
                            return null;
                        });
                        return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 2_000, () -> {
                            try (Connection c = ds.getConnection()) {
                                NodeState served = dialect.probe(c);
                                return served.timeline() + "|" + find(c, id);
                            }
                        });
                    });
                    long primaryNow;
                    try (Connection c = Routing.command(ds::getConnection)) {
                        primaryNow = dialect.probe(c).timeline();
                    }
                    after = primaryNow;
                    long servedTimeline = Long.parseLong(seen.substring(0, seen.indexOf('|')));
                    if (primaryNow != before && servedTimeline != primaryNow
                            && servedTimeline != NodeState.UNKNOWN_TIMELINE) {
                        oldForkReads++;
                    }
                    if (primaryNow != before) {
                        checked++;
                        missed += seen.endsWith(":found") ? 0 : 1;
                    }
                } catch (Exception e) {
                    lostBefore++; // a call that failed during the failover: reported only
                }
            }
            System.out.println("forced failover: timeline " + before + " -> " + after
                    + ", reads from the old fork=" + oldForkReads + ", read-your-writes after it="
                    + checked + " missed=" + missed + ", failed calls=" + lostBefore);
            if (before != NodeState.UNKNOWN_TIMELINE) {
                assertThat(after).as("a forced failover starts a new recovery fork")
                        .isNotEqualTo(before);
            }
            assertThat(oldForkReads).as("reads served by a node on the old fork").isZero();
            assertThat(missed).as("read-your-writes reads after the failover that missed")
                    .isZero();
        }
    }
    @Test
    @EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_NAMED_REPLICA_URL", matches = ".+")
    void aHyperscaleNamedReplicaIsAReplicaWithItsOwnPosition() throws Exception {
        SqlServerDialect dialect = new SqlServerDialect();
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(URL, USER, PASSWORD)
                .replica(env("CQRS_SQLSERVER_NAMED_REPLICA_URL"), USER, PASSWORD).build()) {
            assertThat(ds.awaitMonitor(2, 60_000)).isTrue();
            assertThat(ds.endpoints().get(1).role()).isEqualTo(NodeRole.READ_ONLY);
            insert(ds, IDS.incrementAndGet());
            long token;
            try (Connection c = Routing.command(ds::getConnection)) {
                token = dialect.commitPosition(c);
            }
            long[] replayed = {-1};
            await(() -> {
                try (Connection c = java.sql.DriverManager.getConnection(
                        env("CQRS_SQLSERVER_NAMED_REPLICA_URL"), USER, PASSWORD)) {
                    NodeState s = dialect.probe(c);
                    assertThat(s.replica()).as("a named replica is a replica").isTrue();
                    replayed[0] = s.position();
                    return token < 0 || s.position() >= token;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 60_000, "the named replica to redo the primary's commit");
            System.out.println("named replica position " + replayed[0] + " token " + token);
        }
    }
}
