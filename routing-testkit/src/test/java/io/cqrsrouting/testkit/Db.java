package io.cqrsrouting.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers for the tests. */
final class Db {

    private Db() {
    }

    static Connection open(String url, PostgresReplicaSet set) throws SQLException {
        return DriverManager.getConnection(url, set.username(), set.password());
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long count(Connection c, String table) throws SQLException {
        return Long.parseLong(one(c, "select count(*) from " + table));
    }

    /** A table name no other test uses. */
    static String uniqueTable(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime());
    }
}
