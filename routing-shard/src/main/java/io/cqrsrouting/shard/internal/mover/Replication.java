package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Row-filtered logical replication of a moving key range for the online strategy (PostgreSQL 15+):
 * a publication on the source shard whose row filter is the moving intervals, and a subscription on
 * the target shard that copies the existing rows and then streams every change. Publication,
 * subscription and replication slot share one name derived from the move id, so every step can
 * find and remove what an earlier, interrupted run created.
 *
 * <p>Row filters may only use immutable built-in expressions, so the filter compares the key column
 * with literals built from code points and digits (never from text): a key cannot inject SQL.
 */
final class Replication {

    /** A marker row per move, replicated with the range: its arrival on the target proves the catch-up. */
    static final String MARKS = io.cqrsrouting.shard.internal.Ddl.LSM + ".move_marks";

    private Replication() {
    }

    /** Creates the marker table if missing (both shards: a subscription needs the table on its side too). */
    static void createMarks(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create schema if not exists " + io.cqrsrouting.shard.internal.Ddl.LSM);
            s.execute("create table if not exists " + MARKS + " (move_id uuid primary key, mark bigint not null)");
        }
    }

    /** @return the name of the publication, subscription and slot of a move */
    static String name(UUID moveId) {
        return "cqrs_mv_" + moveId.toString().replace("-", "");
    }

    /** Problems that stop an online move (empty if it may start). */
    static List<String> check(Connection source, Connection target, MoveTables tables) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (!"logical".equals(setting(source, "wal_level"))) {
            problems.add("online moves need wal_level=logical on the source shard (it is " + setting(source, "wal_level")
                    + "); use the offline strategy or change it (restart needed)");
        }
        if (Integer.parseInt(setting(source, "server_version_num")) < 150000) {
            problems.add("online moves need PostgreSQL 15 or later on the source shard (row filters)");
        }
        if (Integer.parseInt(setting(target, "server_version_num")) < 150000) {
            problems.add("online moves need PostgreSQL 15 or later on the target shard");
        }
        if (free(source, "select current_setting('max_replication_slots')::int - count(*) from pg_replication_slots") < 1) {
            problems.add("no free replication slot on the source shard (raise max_replication_slots)");
        }
        if (free(source, "select current_setting('max_wal_senders')::int - count(*) from pg_stat_replication") < 1) {
            problems.add("no free WAL sender on the source shard (raise max_wal_senders)");
        }
        if (!superuserOrSubscriber(target)) {
            problems.add("the mover's user cannot create subscriptions on the target shard (superuser, or"
                    + " pg_create_subscription on PostgreSQL 16+)");
        }
        for (TableRef t : tables.sharded()) {
            if (!identityCoversKey(source, t)) {
                problems.add("the replica identity of " + t.display() + " on the source shard does not include its key"
                        + " column " + t.keyColumn() + " (a primary key or REPLICA IDENTITY index containing it, or"
                        + " REPLICA IDENTITY FULL)");
            }
        }
        return problems;
    }

    /** Creates the publication (if missing) with the moving intervals as its row filter. */
    static void publish(Connection source, UUID moveId, KeyType type, List<TableRef> sharded, List<Interval> moving)
            throws SQLException {
        String n = name(moveId);
        createMarks(source);
        if (exists(source, "select 1 from pg_publication where pubname = ?", n)) {
            return;
        }
        StringBuilder sql = new StringBuilder("create publication ").append(n).append(" for table ").append(MARKS)
                .append(" where (move_id = '").append(moveId).append("'::uuid), ");
        for (int i = 0; i < sharded.size(); i++) {
            TableRef t = sharded.get(i);
            sql.append(i == 0 ? "table " : ", table ").append(t.qualified()).append(" where (")
                    .append(filter(type, KeySql.ident(t.keyColumn()), moving)).append(')');
        }
        sql.append(" with (publish = 'insert, update, delete')");
        try (Statement s = source.createStatement()) {
            s.execute(sql.toString());
        }
    }

    /**
     * Creates the subscription on the target (if missing); it copies the rows, then streams changes.
     *
     * @return true if it was created now, false if it existed
     */
    static boolean subscribe(Connection target, UUID moveId, String sourceUrl, Properties credentials)
            throws SQLException {
        String n = name(moveId);
        createMarks(target);
        if (exists(target, "select 1 from pg_subscription where subname = ?", n)) {
            return false;
        }
        try (Statement s = target.createStatement()) {
            // the conninfo holds the password: PostgreSQL keeps it readable by superusers only; it is
            // never logged or put into a message here
            s.execute("create subscription " + n + " connection '" + conninfo(sourceUrl, credentials).replace("'", "''")
                    + "' publication " + n + " with (copy_data = true, create_slot = true, slot_name = '" + n + "')");
        }
        return true;
    }

    /** @return true when every table's initial copy is done and the subscription streams */
    static boolean synced(Connection target, UUID moveId) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("select count(*), count(*) filter (where r.srsubstate = 'r')"
                + " from pg_subscription s join pg_subscription_rel r on r.srsubid = s.oid where s.subname = ?")) {
            ps.setString(1, name(moveId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0 && rs.getLong(1) == rs.getLong(2);
            }
        }
    }

    /**
     * Commits a new value of the move's marker row on the source. Logical replication applies the
     * source's transactions in commit order, so once the target holds this value it has applied
     * everything the source committed before this call.
     *
     * @return the value written
     */
    static long mark(Connection source, UUID moveId) throws SQLException {
        long value = System.nanoTime();
        try (PreparedStatement ps = source.prepareStatement("insert into " + MARKS + " values (?, ?)"
                + " on conflict (move_id) do update set mark = excluded.mark")) {
            ps.setObject(1, moveId);
            ps.setLong(2, value);
            ps.executeUpdate();
        }
        return value;
    }

    /** @return true when the target has applied the marker value {@code mark} */
    static boolean caughtUp(Connection target, UUID moveId, long mark) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("select 1 from " + MARKS + " where move_id = ? and mark = ?")) {
            ps.setObject(1, moveId);
            ps.setLong(2, mark);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return true if the move's slot exists on the source (it is lost when the source fails over) */
    static boolean slotExists(Connection source, UUID moveId) throws SQLException {
        return exists(source, "select 1 from pg_replication_slots where slot_name = ?", name(moveId));
    }

    /**
     * Removes the subscription, its slot and the publication (idempotent). If the source cannot be
     * reached to drop the slot, the subscription is detached from it and the slot dropped directly
     * when the source answers, so nothing is left behind that would hold WAL on the source.
     */
    static void remove(Connection target, Connection source, UUID moveId) throws SQLException {
        String n = name(moveId);
        if (exists(target, "select 1 from pg_subscription where subname = ?", n)) {
            try (Statement s = target.createStatement()) {
                s.execute("alter subscription " + n + " disable");
                s.execute("alter subscription " + n + " set (slot_name = none)");
                s.execute("drop subscription " + n);
            }
        }
        try (PreparedStatement ps = source.prepareStatement("select pg_drop_replication_slot(slot_name) from"
                + " pg_replication_slots where slot_name = ? and not active")) {
            ps.setString(1, n);
            ps.execute();
        }
        if (slotExists(source, moveId)) {
            // the walsender of the dropped subscription may still be ending; end it and drop the slot
            try (PreparedStatement ps = source.prepareStatement("select pg_terminate_backend(active_pid, 5000) from"
                    + " pg_replication_slots where slot_name = ? and active")) {
                ps.setString(1, n);
                ps.execute();
            }
            try (PreparedStatement ps = source.prepareStatement("select pg_drop_replication_slot(slot_name) from"
                    + " pg_replication_slots where slot_name = ?")) {
                ps.setString(1, n);
                ps.execute();
            }
        }
        try (Statement s = source.createStatement()) {
            s.execute("drop publication if exists " + n);
        }
        for (Connection c : new Connection[] {source, target}) {
            if (exists(c, "select 1 from pg_class where oid = to_regclass(?)", MARKS)) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + MARKS + " where move_id = ?")) {
                    ps.setObject(1, moveId);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** A libpq conninfo for the source database, from its JDBC URL and the manager's credentials. */
    static String conninfo(String jdbcUrl, Properties credentials) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new MoveFailure("online moves need a jdbc:postgresql://host:port/database URL for the source shard");
        }
        URI u = URI.create(jdbcUrl.substring(5));
        String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
        StringBuilder sb = new StringBuilder();
        param(sb, "host", u.getHost());
        param(sb, "port", String.valueOf(u.getPort() < 0 ? 5432 : u.getPort()));
        param(sb, "dbname", db);
        param(sb, "user", credentials.getProperty("user"));
        param(sb, "password", credentials.getProperty("password"));
        param(sb, "application_name", "cqrs-routing-mover");
        return sb.toString().trim();
    }

    private static void param(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append(key).append("='").append(value.replace("\\", "\\\\").replace("'", "\\'")).append("' ");
        }
    }

    /** A row filter of the intervals, with literals made of digits, hex and code points only. */
    static String filter(KeyType type, String column, List<Interval> intervals) {
        if (type != KeyType.STRING) {
            return KeySql.filter(type, column, intervals);
        }
        String c = "(" + column + " collate \"C\")";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < intervals.size(); i++) {
            Interval iv = intervals.get(i);
            sb.append(i > 0 ? " or " : "");
            if (iv.point()) {
                sb.append(c).append(" = ").append(text(iv.low()));
            } else {
                sb.append('(').append(c).append(" >= ").append(text(iv.low()));
                if (iv.high() != null) {
                    sb.append(" and ").append(c).append(" < ").append(text(iv.high()));
                }
                sb.append(')');
            }
        }
        return intervals.isEmpty() ? "false" : sb.append(')').toString();
    }

    /** A Unicode-escaped string literal: every code point as an escape, so no character is interpreted. */
    private static String text(byte[] encoded) {
        String s = (String) KeyType.STRING.decode(encoded);
        StringBuilder sb = new StringBuilder("U&'");
        s.codePoints().forEach(cp -> sb.append("\\+").append(String.format(Locale.ROOT, "%06X", cp)));
        return sb.append("' collate \"C\"").toString();
    }

    private static boolean identityCoversKey(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select cl.relreplident, exists (select 1 from pg_index i"
                + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)"
                + " where i.indrelid = cl.oid and a.attname = ? and ((cl.relreplident = 'd' and i.indisprimary)"
                + " or (cl.relreplident = 'i' and i.indisreplident))) from pg_class cl where cl.oid = to_regclass(?)")) {
            ps.setString(1, t.keyColumn());
            ps.setString(2, t.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && ("f".equals(rs.getString(1)) || rs.getBoolean(2));
            }
        }
    }

    private static boolean superuserOrSubscriber(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) {
                return true;
            }
        }
        if (Integer.parseInt(setting(c, "server_version_num")) < 160000) {
            return false;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select pg_has_role(current_user, 'pg_create_subscription', 'USAGE')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long free(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
