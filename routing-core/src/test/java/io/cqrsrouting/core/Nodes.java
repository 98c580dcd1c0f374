package io.cqrsrouting.core;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Test helpers that ask the real database which node served a statement. */
final class Nodes {

    private Nodes() {
    }

    /** @return {@code cluster_name} of the node that served one connection from {@code ds} */
    static String servedBy(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return PostgresReplicaSet.servedBy(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts a row in autocommit mode and returns the node that took the write. */
    static String insert(DataSource ds, String table, long id) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (id) VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
            return PostgresReplicaSet.servedBy(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads whether row {@code id} is visible; returns "node:found" or "node:missing". */
    static String find(DataSource ds, String table, long id) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT current_setting('cluster_name'),"
                        + " EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) + ":" + (rs.getBoolean(2) ? "found" : "missing");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String url, PostgresReplicaSet set, String sql) {
        try (Connection c = java.sql.DriverManager.getConnection(url, set.username(),
                set.password()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the rows of {@code table} on the primary. */
    static long count(PostgresReplicaSet set, String table) {
        try (Connection c = java.sql.DriverManager.getConnection(set.primaryJdbcUrl(),
                set.username(), set.password()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
