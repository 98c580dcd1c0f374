package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Copies the rows of a batch from the source to the target shard (binary COPY streamed from one
 * connection into the other, sharded tables in the order given: parents before children), checks
 * counts and checksums table by table before the target transaction commits, and deletes a
 * batch's rows (children first). Every operation is one transaction and can be redone: a copy
 * first deletes what an interrupted copy may have left.
 */
final class Copier {

    private Copier() {
    }

    /** @return rows copied */
    static long copyBatch(Connection source, Connection target, KeyType type, List<TableRef> sharded,
            List<Interval> batch) throws SQLException {
        long rows = 0;
        source.setAutoCommit(false);
        try (Statement s = source.createStatement()) {
            s.execute("set transaction isolation level repeatable read");
            Fence.inTransaction(target, () -> {
                bypassFence(target);
                deleteIn(target, type, reversed(sharded), batch);
                for (TableRef t : sharded) {
                    copy(source, target, t, filter(type, t, batch));
                }
            });
            for (TableRef t : sharded) {
                rows += verified(source, target, t, filter(type, t, batch));
            }
            source.commit();
        } finally {
            source.setAutoCommit(true);
        }
        return rows;
    }

    /** Copies reference tables whose target copy is empty; then every one must be identical. */
    static void copyReference(Connection source, Connection target, List<TableRef> reference) throws SQLException {
        Fence.inTransaction(target, () -> {
            for (TableRef t : reference) {
                if ("0".equals(checksum(target, t, "true").split(" ")[0])) {
                    copy(source, target, t, "true");
                }
                if (!checksum(source, t, "true").equals(checksum(target, t, "true"))) {
                    throw new SQLException("reference table " + t.display() + " differs between the source and the"
                            + " target shard", "22000");
                }
            }
        });
    }

    /** Deletes the batch's rows (children first) in one transaction. */
    static void deleteBatch(Connection c, KeyType type, List<TableRef> sharded, List<Interval> batch)
            throws SQLException {
        Fence.inTransaction(c, () -> {
            bypassFence(c);
            deleteIn(c, type, reversed(sharded), batch);
        });
    }

    /** @return count and checksum of the rows matching {@code where}, as "count sum" */
    static String checksum(Connection c, TableRef t, String where) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) || ' ' ||"
                + " coalesce(sum(hashtextextended(x::text, 0)::numeric), 0) from " + t.qualified() + " x where " + where)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** @return rows matching the batch, all tables together */
    static long count(Connection c, KeyType type, List<TableRef> tables, List<Interval> batch) throws SQLException {
        long rows = 0;
        try (Statement s = c.createStatement()) {
            for (TableRef t : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + t.qualified() + " where "
                        + filter(type, t, batch))) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
        }
        return rows;
    }

    static String filter(KeyType type, TableRef t, List<Interval> batch) {
        return KeySql.filter(type, KeySql.ident(t.keyColumn()), batch);
    }

    private static long verified(Connection source, Connection target, TableRef t, String where) throws SQLException {
        String s = checksum(source, t, where);
        String d = checksum(target, t, where);
        if (!s.equals(d)) {
            throw new SQLException("copy of " + t.display() + " does not match the source (count/checksum)", "22000");
        }
        return Long.parseLong(s.split(" ")[0]);
    }

    private static void copy(Connection source, Connection target, TableRef t, String where) throws SQLException {
        try (PGCopyInputStream in = new PGCopyInputStream(source.unwrap(PGConnection.class),
                "copy (select * from " + t.qualified() + " where " + where + ") to stdout (format binary)")) {
            target.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + t.qualified() + " from stdin (format binary)", in);
        } catch (IOException e) {
            throw new SQLException("copy of " + t.display() + " failed: " + e.getClass().getSimpleName(), "58030");
        }
    }

    private static void deleteIn(Connection c, KeyType type, List<TableRef> tables, List<Interval> batch)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            for (TableRef t : tables) {
                s.executeUpdate("delete from " + t.qualified() + " where " + filter(type, t, batch));
            }
        }
    }

    private static void bypassFence(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set local cqrs_shard.mover = 'on'");
        }
    }

    private static List<TableRef> reversed(List<TableRef> tables) {
        List<TableRef> r = new ArrayList<>(tables);
        java.util.Collections.reverse(r);
        return r;
    }
}
