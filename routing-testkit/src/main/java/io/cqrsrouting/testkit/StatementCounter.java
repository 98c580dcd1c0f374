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
 * Counts the statements each node of a {@link PostgresReplicaSet} executed, for assertions such as
 * "this test ran 3 selects on the standby and none on the primary". Every testkit server loads
 * PostgreSQL's {@code pg_stat_statements}; the counts come from the node itself, so they include
 * whatever reached it — the application's pools, a tracing proxy, a framework's extra statements —
 * and nothing that did not.
 *
 * <pre>{@code
 * StatementCounter counter = StatementCounter.of(set);   // once per class
 * counter.reset();                                        // at the start of the test
 * ... run the code under test ...
 * assertThat(counter.onStandby(0, "select % from orders%")).isEqualTo(3);
 * assertThat(counter.onPrimary("% from orders%")).isZero();
 * }</pre>
 *
 * <p>Patterns are SQL {@code ILIKE} patterns matched against the statement text as
 * {@code pg_stat_statements} normalises it: constants become {@code $1}, {@code $2}, …, keywords
 * keep the case the client sent. Each execution counts once (a prepared statement run three times
 * counts 3). The counter's own queries, and anything mentioning {@code pg_stat_statements}, never
 * count. Counts are exact and immediate: a statement is counted when it finishes.
 */
public final class StatementCounter {

    private static final String COUNT = "select coalesce(sum(s.calls), 0) from pg_stat_statements s"
            + " join pg_database d on d.oid = s.dbid"
            + " where d.datname = ? and s.query ilike ? and s.query not ilike '%pg_stat_statements%'";

    private final PostgresReplicaSet set;
    private final String database;

    private StatementCounter(PostgresReplicaSet set, String database) {
        this.set = set;
        this.database = database;
    }

    /**
     * A counter for the {@code postgres} database of {@code set}.
     *
     * @param set a running replica set
     * @return the counter (creates the extension on the primary, if missing, and waits until every
     *     standby has replayed it)
     */
    public static StatementCounter of(PostgresReplicaSet set) {
        return of(set, "postgres");
    }

    /**
     * A counter for one database of {@code set}.
     *
     * @param set a running replica set
     * @param database the database whose statements count
     * @return the counter
     */
    public static StatementCounter of(PostgresReplicaSet set, String database) {
        StatementCounter counter = new StatementCounter(set, database);
        try (Connection c = counter.connect(set.currentPrimary())) {
            Sql.execute(c, "create extension if not exists pg_stat_statements");
        } catch (SQLException e) {
            throw new PostgresTestkitException("cannot create pg_stat_statements in " + database
                    + ": " + Logs.mask(e.getMessage()), e);
        }
        for (int i = 0; i < set.standbyCount(); i++) {
            if (set.standby(i).isRunning()) {
                set.awaitReplay(i, Duration.ofSeconds(30));
            }
        }
        return counter;
    }

    /**
     * Forgets what every running node counted so far (all databases).
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
     * @param node a node of the set
     * @param pattern an {@code ILIKE} pattern of the normalised statement text
     * @return how many times statements matching it ran on {@code node} since the last reset
     */
    public long count(PostgresNode node, String pattern) {
        try (Connection c = connect(node); PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setString(1, database);
            ps.setString(2, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PostgresTestkitException(node.name() + ": cannot read pg_stat_statements: "
                    + Logs.mask(e.getMessage()), e);
        }
    }

    /**
     * @param pattern an {@code ILIKE} pattern
     * @return the count on the current primary
     */
    public long onPrimary(String pattern) {
        return count(set.currentPrimary(), pattern);
    }

    /**
     * @param standby the standby's index
     * @param pattern an {@code ILIKE} pattern
     * @return the count on that standby
     */
    public long onStandby(int standby, String pattern) {
        return count(set.standby(standby), pattern);
    }

    /**
     * @param pattern an {@code ILIKE} pattern
     * @return the count per running node, by node name ({@code primary}, {@code standby1}, …)
     */
    public Map<String, Long> byNode(String pattern) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PostgresNode node : set.nodes()) {
            if (node.isRunning() && !node.isFrozen()) {
                counts.put(node.name(), count(node, pattern));
            }
        }
        return counts;
    }

    private Connection connect(PostgresNode node) throws SQLException {
        Properties p = PostgresNode.credentials();
        // Send application_name in the start-up packet: otherwise pgjdbc runs a SET statement on
        // every new connection, which pg_stat_statements would count.
        p.setProperty("assumeMinServerVersion", "9.4");
        p.setProperty("ApplicationName", "cqrs-routing-testkit-counter");
        return DriverManager.getConnection(node.jdbcUrl(database), p);
    }

    @Override
    public String toString() {
        return "StatementCounter[" + database + "]";
    }
}
