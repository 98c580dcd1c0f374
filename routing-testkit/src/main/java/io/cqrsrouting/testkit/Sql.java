package io.cqrsrouting.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** One-shot administrative queries on a node, over short-lived connections with timeouts. */
final class Sql {

    private Sql() {
    }

    /** An administrative connection: bounded connect and socket timeouts, so a frozen node cannot hang us. */
    static Connection admin(PostgresNode node, int timeoutSeconds) throws SQLException {
        Properties p = PostgresNode.credentials();
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(Math.max(timeoutSeconds, 30)));
        p.setProperty("ApplicationName", "cqrs-routing-testkit");
        if (node.countsStatements()) {
            untracked(p);
        }
        return DriverManager.getConnection(node.jdbcUrl(), p);
    }

    /**
     * Makes a connection invisible to {@code pg_stat_statements}: the testkit's own queries must not
     * show up in a test's {@link StatementCounter} counts (and no start-up SET is sent either).
     */
    static void untracked(Properties p) {
        p.setProperty("assumeMinServerVersion", "9.4");
        p.setProperty("options", "-c pg_stat_statements.track=none");
    }

    /** First column of the first row as text (null for SQL NULL or no row). */
    static String query(PostgresNode node, String sql) {
        try (Connection c = admin(node, 5)) {
            return query(c, sql);
        } catch (SQLException e) {
            throw new PostgresTestkitException(node.name() + ": " + sql + " failed: " + Logs.mask(e.getMessage()), e);
        }
    }

    /** Like {@link #query(PostgresNode, String)}, but null when the node cannot answer. */
    static String queryQuietly(PostgresNode node, String sql) {
        try (Connection c = admin(node, 2)) {
            return query(c, sql);
        } catch (SQLException e) {
            return null;
        }
    }

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
