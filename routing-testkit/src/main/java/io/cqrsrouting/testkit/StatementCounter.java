package io.cqrsrouting.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Counts, per node of a {@link PostgresReplicaSet}, the statements each server executed, for
 * assertions such as "this request ran 3 selects on the standby and none on the primary". The
 * counts come from PostgreSQL's {@code pg_stat_statements} on each node (a hot standby counts what
 * ran on it), so they include whatever reached the server — pools, tracing proxies, a framework's
 * extra statements, the router's health probes — and nothing that did not.
 *
 * <p>Opt-in: only a set started with {@link #SETTING} (or {@code @ReplicaSetTest(countStatements =
 * true)}) loads the library; ask such a set for its counter with {@link PostgresReplicaSet#statements()}.
 *
 * <pre>{@code
 * PostgresReplicaSet set = PostgresReplicaSet.shared("counted", 1, StatementCounter.SETTING);
 * StatementCounter statements = set.statements();
 * statements.reset();                                   // every node
 * ... run the code under test ...
 * assertThat(statements.on("standby1").matching("select % from orders %")).isEqualTo(3);
 * assertThat(statements.onPrimary().matching("% orders%")).isZero();
 * }</pre>
 *
 * <p>A statement counts once per execution when its executor finishes on the server: for an
 * autocommit statement before the client has its result; inside a transaction at the latest when
 * the transaction ends. The counter's own queries and the testkit's administrative queries (such as
 * {@link PostgresReplicaSet#currentPrimary()}) never count: their sessions run with
 * {@code pg_stat_statements.track = none}.
 */
public final class StatementCounter {

    /** The {@code postgresql.conf} line a set needs for counting (pass it to {@code shared}/{@code start}). */
    public static final String SETTING = "shared_preload_libraries = 'pg_stat_statements'";

    private static final String ROWS = "select s.query, sum(s.calls) from pg_stat_statements s"
            + " join pg_database d on d.oid = s.dbid where d.datname = ? group by s.query";

    private final PostgresReplicaSet set;
    private final String database;

    private StatementCounter(PostgresReplicaSet set, String database) {
        this.set = set;
        this.database = database;
    }

    /** Creates the extension in {@code database} (on the current primary) and waits for the standbys. */
    static StatementCounter create(PostgresReplicaSet set, String database) {
        StatementCounter counter = new StatementCounter(set, database);
        PostgresNode writer = set.currentPrimary();
        try (Connection c = counter.connect(writer)) {
            String loaded = Sql.query(c, "show shared_preload_libraries");
            if (loaded == null || !loaded.contains("pg_stat_statements")) {
                throw new IllegalStateException("this replica set does not load pg_stat_statements"
                        + " (shared_preload_libraries = '" + loaded + "'): start it with"
                        + " PostgresReplicaSet.shared(key, n, StatementCounter.SETTING),"
                        + " PostgresReplicaSet.start(n, StatementCounter.SETTING) or"
                        + " @ReplicaSetTest(countStatements = true)");
            }
            Sql.execute(c, "create extension if not exists pg_stat_statements");
        } catch (SQLException e) {
            throw new PostgresTestkitException(writer.name() + ": cannot create pg_stat_statements in "
                    + database + ": " + Logs.mask(e.getMessage()), e);
        }
        long lsn = writer.walLsn();
        for (PostgresNode node : set.standbys()) {
            if (node != writer && node.isRunning() && !node.isFrozen()) {
                node.awaitReplay(lsn, Duration.ofSeconds(30));
            }
        }
        return counter;
    }

    /**
     * Forgets what every running node counted so far.
     *
     * @return this counter
     */
    public StatementCounter reset() {
        for (PostgresNode node : set.nodes()) {
            if (node.isRunning() && !node.isFrozen()) {
                try (Connection c = connect(node)) {
                    Sql.query(c, "select pg_stat_statements_reset()");
                } catch (SQLException e) {
                    throw new PostgresTestkitException(node.name()
                            + ": cannot reset pg_stat_statements: " + Logs.mask(e.getMessage()), e);
                }
            }
        }
        return this;
    }

    /**
     * @param node a node name: {@code primary}, {@code standby1} … (its {@code cluster_name})
     * @return what that node counted since the last reset, read now
     * @throws IllegalArgumentException if the set has no such node
     */
    public StatementCounts on(String node) {
        for (PostgresNode n : set.nodes()) {
            if (n.name().equals(node)) {
                return on(n);
            }
        }
        throw new IllegalArgumentException("no node named '" + node + "' in " + set);
    }

    /** @return what the node accepting writes now counted (the original primary until a promotion) */
    public StatementCounts onPrimary() {
        return on(set.currentPrimary());
    }

    /**
     * @param standby the standby's 0-based index
     * @return what that standby counted
     */
    public StatementCounts onStandby(int standby) {
        return on(set.standby(standby));
    }

    /**
     * @param pattern a {@link StatementCounts#matching} pattern
     * @return the count on every running node, by node name, in the set's order
     */
    public Map<String, Long> byNode(String pattern) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PostgresNode node : set.nodes()) {
            if (node.isRunning() && !node.isFrozen()) {
                counts.put(node.name(), on(node).matching(pattern));
            }
        }
        return counts;
    }

    private StatementCounts on(PostgresNode node) {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Connection c = connect(node); PreparedStatement ps = c.prepareStatement(ROWS)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    calls.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new PostgresTestkitException(node.name() + ": cannot read pg_stat_statements: "
                    + Logs.mask(e.getMessage()), e);
        }
        return new StatementCounts(node.name(), calls);
    }

    private Connection connect(PostgresNode node) throws SQLException {
        Properties p = PostgresNode.credentials();
        p.setProperty("socketTimeout", "30");
        p.setProperty("ApplicationName", "cqrs-routing-testkit-counter");
        Sql.untracked(p);
        return DriverManager.getConnection(node.jdbcUrl(database), p);
    }

    @Override
    public String toString() {
        return "StatementCounter[" + database + "]";
    }
}
