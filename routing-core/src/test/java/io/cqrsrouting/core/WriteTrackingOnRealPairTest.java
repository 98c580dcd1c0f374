package io.cqrsrouting.core;

import static io.cqrsrouting.core.Nodes.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write committed on the primary through the router counts for read-your-writes, whatever
 * started it, and a held replica connection never takes a write. The standby's replay is paused,
 * so "found" on a read proves it was served by a node that has the write; another session's read
 * of the same row proves the standby is really behind.
 */
class WriteTrackingOnRealPairTest {

    private static final String TABLE = "write_tracking";
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

    private static PostgresReplicaSet set;
    private static RoutingDataSource ds;
    private static RoutingDataSource eventual;

    @BeforeAll
    static void start() throws Exception {
        set = PostgresReplicaSet.shared(1);
        Nodes.execute(set.primaryJdbcUrl(), set,
                "CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigint PRIMARY KEY)");
        ds = router(ReadsAfterWrite.READ_YOUR_WRITES);
        eventual = router(ReadsAfterWrite.EVENTUAL);
        set.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(ds.awaitMonitor(2, 10_000)).isTrue();
        assertThat(eventual.awaitMonitor(2, 10_000)).isTrue();
    }

    private static RoutingDataSource router(ReadsAfterWrite reads) {
        return RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofMillis(50)).readsAfterWrite(reads).build();
    }

    @AfterAll
    static void stop() {
        ds.close();
        eventual.close();
    }

    @AfterEach
    void resume() {
        set.resumeReplay(0);
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    /** Runs {@code write} in a fresh session with replay paused; returns what a read sees. */
    private static String writeThenRead(RoutingDataSource router, Write write) {
        set.pauseReplay(0);
        long id = IDS.incrementAndGet();
        String own;
        try {
            own = Routing.session(() -> {
                write.run(router, id);
                return Routing.query(() -> find(router, TABLE, id));
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String others = Routing.session(() -> Routing.query(() -> find(router, TABLE, id)));
        assertThat(others).as("another session reads the paused standby").isEqualTo("standby1:missing");
        return own;
    }

    interface Write {
        void run(RoutingDataSource router, long id) throws Exception;
    }

    private static void insertWith(Statement st, long id) throws SQLException {
        st.executeUpdate("INSERT INTO " + TABLE + " (id) VALUES (" + id + ")");
    }

    @Test
    void autocommitWriteWithNoScopeCountsAtOnce() {
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                insertWith(st, id);
                // Read while the writing connection is still open: the write counted already.
                assertThat(Routing.query(() -> find(router, TABLE, id))).isEqualTo("primary:found");
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void preparedAutocommitWriteCounts() {
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection c = router.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                            + " (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
                assertThat(Routing.query(() -> find(router, TABLE, id))).isEqualTo("primary:found");
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void implicitCommitBySetAutoCommitTrueCounts() {
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                insertWith(st, id);
                c.setAutoCommit(true); // commits, with no commit() call
                assertThat(Routing.query(() -> find(router, TABLE, id))).isEqualTo("primary:found");
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void commitThroughStatementGetConnectionCounts() {
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection c = router.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                            + " (id) VALUES (?)")) {
                c.setAutoCommit(false);
                ps.setLong(1, id);
                ps.executeUpdate();
                ps.getConnection().commit();
                assertThat(Routing.query(() -> find(router, TABLE, id))).isEqualTo("primary:found");
                c.setAutoCommit(true);
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void commitThroughAResultSetsStatementCounts() {
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                insertWith(st, id);
                try (ResultSet rs = st.executeQuery("SELECT 1")) {
                    assertThat(rs.getStatement()).isSameAs(st);
                    assertThat(rs.getStatement().getConnection()).isSameAs(c);
                    rs.getStatement().getConnection().commit();
                }
                assertThat(Routing.query(() -> find(router, TABLE, id))).isEqualTo("primary:found");
                c.setAutoCommit(true);
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void commitThroughTheMetaDatasConnectionCounts() {
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                insertWith(st, id);
                assertThat(c.getMetaData().getConnection()).isSameAs(c);
                c.getMetaData().getConnection().commit();
                assertThat(Routing.query(() -> find(router, TABLE, id))).isEqualTo("primary:found");
                c.setAutoCommit(true);
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void everyResultSetOfAPrimaryStatementAnswersThatStatement() throws Exception {
        long id = IDS.incrementAndGet();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                        + " (id) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
                PreparedStatement query = c.prepareStatement("SELECT 1")) {
            ps.setLong(1, id);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys();
                    ResultSet prepared = query.executeQuery()) {
                assertThat(keys.getStatement()).isSameAs(ps);
                assertThat(prepared.getStatement()).isSameAs(query);
            }
            assertThat(st.execute("SELECT 1")).isTrue();
            try (ResultSet rs = st.getResultSet()) {
                assertThat(rs.getStatement()).isSameAs(st);
                assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
                assertThat(rs.isWrapperFor(org.postgresql.jdbc.PgResultSet.class)).isTrue();
            }
        }
        // Metadata of a replica connection answers the routed connection too (a fresh session:
        // this thread's just wrote, so its reads are read-your-writes).
        Routing.session(() -> {
            try (Connection c = Routing.query(ds::getConnection)) {
                assertThat(PostgresReplicaSet.servedBy(c)).isEqualTo("standby1");
                assertThat(c.getMetaData().getConnection()).isSameAs(c);
                assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            }
            return null;
        });
    }

    @Test
    void writeOnAWrappedTaskBelongsToTheCallersSession() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThat(writeThenRead(ds, (router, id) -> pool.submit(Routing.wrap(() -> {
                try (Connection c = router.getConnection(); Statement st = c.createStatement()) {
                    insertWith(st, id);
                }
                return null;
            })).get(10, TimeUnit.SECONDS))).isEqualTo("primary:found");

            // Also for a caller with no session block of its own (the thread's session).
            set.pauseReplay(0);
            long id = IDS.incrementAndGet();
            AtomicReference<String> seen = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    pool.submit(Routing.wrap(() -> Nodes.insert(ds, TABLE, id)))
                            .get(10, TimeUnit.SECONDS);
                    seen.set(Routing.query(() -> find(ds, TABLE, id)));
                } catch (Exception e) {
                    seen.set(e.toString());
                }
            });
            caller.start();
            caller.join(20_000);
            assertThat(caller.isAlive()).as("the caller finished within 20 s").isFalse();
            assertThat(seen.get()).isEqualTo("primary:found");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConnectionWrittenThroughOnAnotherThreadCountsForTheThreadThatWrote() throws Exception {
        // A connection remembers the thread it was opened on (to skip a lookup there); used on
        // another thread, the write must still count for the thread that made it.
        set.pauseReplay(0);
        long id = IDS.incrementAndGet();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (RoutingSession opener = Routing.openSession(); Connection c = ds.getConnection()) {
            String seenByWriter = other.submit(() -> Routing.session(() -> {
                try (Statement st = c.createStatement()) {
                    insertWith(st, id);
                }
                return Routing.query(() -> find(ds, TABLE, id));
            })).get(10, TimeUnit.SECONDS);
            assertThat(seenByWriter).isEqualTo("primary:found");
            assertThat(opener.exportToken(ds)).as("the opening thread wrote nothing").isNull();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void rolledBackTransactionsAndPrimaryReadsLeaveNoToken() throws Exception {
        try (RoutingSession session = Routing.openSession()) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM " + TABLE).close();
                c.setAutoCommit(false);
                insertWith(st, IDS.incrementAndGet());
                c.rollback();
                c.setAutoCommit(true);
            }
            assertThat(session.exportToken(ds)).isNull();
        }
    }

    @Test
    void eventualReadsAfterWriteReadTheStandby() {
        assertThat(writeThenRead(eventual, (router, id) -> Nodes.insert(router, TABLE, id)))
                .isEqualTo("standby1:missing");
    }

    @Test
    void outerConsistentReadIsNotWeakenedByAnInnerQuery() {
        assertThat(writeThenRead(eventual, (router, id) -> {
            Nodes.insert(router, TABLE, id);
            assertThat(Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                    () -> Routing.query(() -> find(router, TABLE, id)))).isEqualTo("primary:found");
        })).isEqualTo("standby1:missing");
    }

    /** @return {@code node:found|missing} for {@code id}, read on {@code c} */
    private static String findOn(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT current_setting('cluster_name'), EXISTS (SELECT 1 FROM " + TABLE
                        + " WHERE id = " + id + ")")) {
            rs.next();
            return rs.getString(1) + (rs.getBoolean(2) ? ":found" : ":missing");
        }
    }

    @Test
    void heldReplicaConnectionServesReadsThatMustSeeTheSessionsWriteOnlyOnceCaughtUp() {
        assertThat(writeThenRead(ds, (router, id) -> {
            // Taken before the session wrote (a request's first reads, held by open-in-view).
            try (Connection held = Routing.query(router::getConnection);
                    Connection plain = Routing.query(router::getConnection);
                    Connection unscoped = Routing.query(router::getConnection)) {
                assertThat(Routing.query(() -> findOn(held, id))).isEqualTo("standby1:missing");
                assertThat(Routing.query(() -> findOn(plain, id))).isEqualTo("standby1:missing");
                assertThat(findOn(unscoped, id)).isEqualTo("standby1:missing");
                try (Connection w = Routing.command(router::getConnection);
                        Statement st = w.createStatement()) {
                    insertWith(st, id);
                }
                assertThat(Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                        () -> findOn(held, id))).as("@Consistent(READ_YOUR_WRITES) on the held"
                        + " connection").isEqualTo("primary:found");
                String plainRead = Routing.query(() -> findOn(plain, id));
                String unscopedRead = findOn(unscoped, id);
                org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
                    soft.assertThat(plainRead).as("a plain read of the session that wrote")
                            .isEqualTo("primary:found");
                    soft.assertThat(unscopedRead)
                            .as("a read with no scope, of the session that wrote")
                            .isEqualTo("primary:found");
                });
            }
        })).isEqualTo("primary:found");
    }

    @Test
    void heldReplicaConnectionIsSwitchedToThePrimaryForAWrite() throws Exception {
        long switches = ds.heldConnectionSwitches();
        assertThat(writeThenRead(ds, (router, id) -> {
            try (Connection held = Routing.query(router::getConnection)) {
                assertThat(Routing.query(() -> PostgresReplicaSet.servedBy(held)))
                        .isEqualTo("standby1");
                Routing.command(() -> {
                    held.setAutoCommit(false);
                    try (Statement st = held.createStatement()) {
                        insertWith(st, id);
                    }
                    held.commit();
                    held.setAutoCommit(true);
                    return null;
                });
                assertThat(RoutingSpi.routeOf(held)).isEqualTo(Route.PRIMARY);
                assertThat(PostgresReplicaSet.servedBy(held)).isEqualTo("primary");
            }
        })).isEqualTo("primary:found");
        assertThat(ds.heldConnectionSwitches()).isEqualTo(switches + 1);
    }

    @Test
    void writeOnAReplicaConnectionInsideAnOpenTransactionFailsBeforeReachingTheDatabase()
            throws Exception {
        long id = IDS.incrementAndGet();
        try (Connection held = Routing.query(ds::getConnection)) {
            // A read-only transaction begins on the standby, and the connection is held.
            assertThat(Routing.query(() -> {
                held.setAutoCommit(false);
                return PostgresReplicaSet.servedBy(held);
            })).isEqualTo("standby1");
            assertThatThrownBy(() -> Routing.command(() -> held.prepareStatement(
                    "INSERT INTO " + TABLE + " (id) VALUES (" + id + ")")))
                    .isInstanceOf(RouteConflictException.class)
                    .hasMessageContaining("@Command")
                    .hasMessageContaining("spring.jpa.open-in-view=false");
            // Still bound to the standby, in the same transaction: nothing was switched or sent.
            assertThat(PostgresReplicaSet.servedBy(held)).isEqualTo("standby1");
            held.rollback();
            held.setAutoCommit(true);
        }
        assertThat(Nodes.count(set, TABLE + " WHERE id = " + id)).isZero();
    }
}
