package io.cqrsrouting.shard;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import io.cqrsrouting.testkit.StatementCounter;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Two replica sets (each a primary and a hot standby) shared by every test class of this module:
 * set A holds the GSM database and shard databases, set B more shard databases. Test classes
 * take fresh map and database names, so they never see each other's maps.
 */
final class ShardTestbed {

    /**
     * Commit timestamps of rows ({@code pg_xact_commit_timestamp(xmin)}): MoveChaosTest checks the fence with
     * them. {@code pg_stat_statements} is loaded too: OnlineWindowTest counts the mover's statements under the fence.
     */
    static final String COMMIT_TIMESTAMPS = "track_commit_timestamp = on";
    /** Two-phase commit: the mover's drain must wait for prepared transactions (MoveDrainTest). */
    static final String PREPARED = "max_prepared_transactions = 4";
    static final PostgresReplicaSet A = PostgresReplicaSet.shared("shard-a", 1, COMMIT_TIMESTAMPS, PREPARED,
            StatementCounter.SETTING);
    static final PostgresReplicaSet B = PostgresReplicaSet.shared("shard-b", 1, COMMIT_TIMESTAMPS, PREPARED,
            StatementCounter.SETTING);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private ShardTestbed() {
    }

    /** A new database on {@code set}, replayed on its standby. */
    static String newDatabase(PostgresReplicaSet set, String prefix) {
        return set.createDatabase(prefix + "_" + SEQ.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffff));
    }

    /** The GSM of a fresh shard-map-manager database on set A. */
    static DataSource newGsm() {
        return dataSource(A.primaryJdbcUrl(newDatabase(A, "gsm")));
    }

    /** A small pool, as an application would give the manager (SCRAM logins cost tens of ms each). */
    static DataSource dataSource(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(A.username());
        c.setPassword(A.password());
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(0);
        c.setPoolName("gsm-" + SEQ.incrementAndGet());
        return new HikariDataSource(c);
    }

    /** A shard location: database {@code db} on {@code set}'s primary, with its standby as replica. */
    static ShardLocation location(PostgresReplicaSet set, String db) {
        return ShardLocation.of(set.primaryJdbcUrl(db)).withReplicas(set.standbyJdbcUrl(0, db));
    }

    static ShardMapManager manager(DataSource gsm) {
        return ShardMapManager.builder().globalMap(gsm).credentials(A.username(), A.password()).build();
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, A.username(), A.password());
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String one(String url, String sql) throws SQLException {
        try (Connection c = connect(url)) {
            return one(c, sql);
        }
    }

    static void exec(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A unique map name without digits (tests check that messages hold no key value: 101 in a name would match). */
    static String uniqueName(String prefix) {
        return prefix + "_" + letters(SEQ.incrementAndGet()) + "_" + letters(System.nanoTime() & 0xffffff);
    }

    private static String letters(long v) {
        StringBuilder b = new StringBuilder();
        do {
            b.append((char) ('a' + (v & 15)));
            v >>>= 4;
        } while (v != 0);
        return b.toString();
    }
}
