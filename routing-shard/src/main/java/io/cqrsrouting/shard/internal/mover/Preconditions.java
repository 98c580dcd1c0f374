package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything checked before anything moves; each problem is named, all of them in one list, so an
 * operator fixes them in one round (rather than a move failing halfway, as moves without such
 * checks do when, say, a table lacks what the copy needs).
 */
final class Preconditions {

    private Preconditions() {
    }

    /** @return the problems found, empty if the move may start */
    static List<String> check(Connection source, Connection target, KeyType type, MoveTables tables,
            List<Interval> moving) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (TableRef t : tables.all()) {
            boolean onSource = exists(source, t);
            boolean onTarget = exists(target, t);
            if (!onSource) {
                problems.add("table " + t.display() + " does not exist on the source shard");
            }
            if (!onTarget) {
                problems.add("table " + t.display() + " does not exist on the target shard (create the schema there"
                        + " first)");
            }
            if (!onSource || !onTarget) {
                continue;
            }
            String sc = columns(source, t);
            if (!sc.equals(columns(target, t))) {
                problems.add("table " + t.display() + " has different columns on the source and the target shard");
            }
            if (t.keyColumn() != null) {
                if (!sc.startsWith(t.keyColumn() + ":") && !sc.contains("," + t.keyColumn() + ":")) {
                    problems.add("table " + t.display() + " has no key column " + t.keyColumn());
                    continue;
                }
                if (!indexed(source, t)) {
                    problems.add("key column " + t.keyColumn() + " of " + t.display() + " is not indexed on the source"
                            + " shard (an index must start with it)");
                }
                if (!indexed(target, t)) {
                    problems.add("key column " + t.keyColumn() + " of " + t.display() + " is not indexed on the target"
                            + " shard (an index must start with it)");
                }
                if (!Copier.checksum(target, t, Copier.filter(type, t, moving)).startsWith("0 ")) {
                    problems.add("table " + t.display() + " on the target shard already holds rows in the moving"
                            + " key range");
                }
            } else {
                String d = Copier.checksum(target, t, "true");
                if (!d.startsWith("0 ") && !d.equals(Copier.checksum(source, t, "true"))) {
                    problems.add("reference table " + t.display() + " on the target shard is neither empty nor"
                            + " identical to the source's");
                }
            }
        }
        return problems;
    }

    private static boolean exists(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            ps.setString(1, t.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** @return "name:type,..." in column order */
    private static String columns(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select string_agg(attname || ':' || format_type(atttypid,"
                + " atttypmod), ',' order by attnum) from pg_attribute where attrelid = to_regclass(?)"
                + " and attnum > 0 and not attisdropped")) {
            ps.setString(1, t.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) == null ? "" : rs.getString(1);
            }
        }
    }

    private static boolean indexed(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_index i join pg_attribute a"
                + " on a.attrelid = i.indrelid and a.attnum = i.indkey[0] where i.indrelid = to_regclass(?)"
                + " and a.attname = ?")) {
            ps.setString(1, t.qualified());
            ps.setString(2, t.keyColumn());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
