package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Ddl;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The privileges the mover's database user needs on each shard, checked before anything else (a
 * missing one would otherwise surface halfway through a move, or worse not at all: without
 * {@code pg_read_all_stats} other users' transactions are invisible in {@code pg_stat_activity}, and
 * the fence's drain would wait for none of them). The list matches docs/sharding-moves.md
 * ("Privileges of the mover's user"). A superuser has them all.
 */
final class MoverGrants {

    private MoverGrants() {
    }

    /** @return the missing privileges, each named, empty if the mover's user has them all */
    static List<String> check(Connection source, Connection target, MoveTables tables, boolean online)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        node(source, "source", tables, online, true, problems);
        node(target, "target", tables, online, false, problems);
        return problems;
    }

    private static void node(Connection c, String node, MoveTables tables, boolean online, boolean source,
            List<String> problems) throws SQLException {
        if (bool(c, "select rolsuper from pg_roles where rolname = current_user")) {
            return;
        }
        String who = "the mover's user lacks ";
        String where = " on the " + node + " shard";
        if (!bool(c, "select pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')")) {
            problems.add(who + "pg_monitor (pg_read_all_stats)" + where + ": without it other users' transactions"
                    + " are invisible and the fence could not drain them");
        }
        if (!bool(c, "select pg_has_role(current_user, 'pg_signal_backend', 'USAGE')")) {
            problems.add(who + "pg_signal_backend" + where + ": it ends sessions still running past the drain timeout");
        }
        for (TableRef t : tables.all()) {
            boolean sharded = t.keyColumn() != null;
            String[] needed = sharded
                    ? (source ? new String[] {"SELECT", "DELETE", "TRIGGER"} : new String[] {"SELECT", "INSERT", "DELETE",
                            "TRIGGER"})
                    : (source ? new String[] {"SELECT"} : new String[] {"SELECT", "INSERT"});
            Long oid = oid(c, t);
            if (oid == null) {
                continue; // missing tables are named by the other preconditions
            }
            if (!bool(c, "select has_schema_privilege(current_user, relnamespace, 'USAGE') from pg_class where oid = "
                    + oid)) {
                problems.add(who + "USAGE on schema " + t.schema() + where + " (membership in the role that owns the"
                        + " application's tables gives the mover what it needs on them)");
                continue;
            }
            List<String> lacking = lacking(c, oid, needed);
            if (!lacking.isEmpty()) {
                problems.add(who + String.join(", ", lacking) + " on " + t.display() + where + " (membership in"
                        + " the role that owns it gives them)");
            }
            if (online && sharded && !ownerMember(c, oid, source ? "USAGE" : "SET")) {
                problems.add(who + "membership in the role that owns " + t.display() + where + (source
                        ? " (a publication can only hold tables of its owner)"
                        : " (the subscription applies changes as the table's owner)"));
            }
        }
        if (!bool(c, "select coalesce(has_schema_privilege(current_user, to_regnamespace('" + Ddl.LSM + "'),"
                + " 'CREATE') and has_schema_privilege(current_user, to_regnamespace('" + Ddl.LSM + "'),"
                + " 'USAGE'), has_database_privilege(current_database(), 'CREATE'))")) {
            problems.add(who + "USAGE and CREATE on schema " + Ddl.LSM + where + " (the local shard map; the fence's"
                    + " table and triggers go there)");
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("select c.oid, c.relname from pg_class c where c.relnamespace ="
                + " to_regnamespace(?) and c.relkind = 'r' order by c.relname")) {
            ps.setString(1, Ddl.LSM);
            Map<Long, String> lsm = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lsm.put(rs.getLong(1), Ddl.LSM + "." + rs.getString(2));
                }
            }
            for (Map.Entry<Long, String> table : lsm.entrySet()) {
                List<String> lacking = lacking(c, table.getKey(), new String[] {"SELECT", "INSERT", "UPDATE", "DELETE"});
                if (!lacking.isEmpty()) {
                    problems.add(who + String.join(", ", lacking) + " on the local shard map table " + table.getValue()
                            + where);
                }
            }
        }
        if (online) {
            if (!bool(c, "select has_database_privilege(current_database(), 'CREATE')")) {
                problems.add(who + "CREATE on the database" + where + (source ? " (to create the move's publication)"
                        : " (to create the move's subscription)"));
            }
            if (source && !bool(c, "select rolreplication from pg_roles where rolname = current_user")) {
                problems.add(who + "the REPLICATION attribute" + where + " (ALTER ROLE ... REPLICATION: the"
                        + " subscription streams from a replication slot as this user)");
            }
        }
    }

    /** The table's oid, found by name without needing any privilege on its schema; null if there is none. */
    private static Long oid(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select c.oid from pg_class c join pg_namespace n on n.oid ="
                + " c.relnamespace where n.nspname = ? and c.relname = ?")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static List<String> lacking(Connection c, long oid, String[] privileges) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select p from unnest(?::text[]) p"
                + " where not has_table_privilege(current_user, ?::oid, p)")) {
            Array a = c.createArrayOf("text", privileges);
            ps.setArray(1, a);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static boolean ownerMember(Connection c, long oid, String mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_has_role(current_user, relowner, ?) from pg_class"
                + " where oid = ?::oid")) {
            ps.setString(1, mode);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
