package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validation leases (validation design (b)): a pooled connection to a shard's primary takes a
 * shared advisory lock on the shard's local map once, then reads every ONLINE mapping of that map
 * with its version, and keeps that copy for as long as the database session lives. A checkout whose
 * cached mapping is in the copy, at the same version, is valid without a query.
 *
 * <p>Why that holds: every write to the local map fires a statement trigger ({@link #DDL}) that ends
 * every other session holding the shared lock and then takes the lock exclusively until its
 * transaction ends — so it commits only after every lease holder's session is gone, and a lease taken
 * later waits for the commit and reads the new map. A session that is alive therefore holds a copy
 * that is still current; one that was ended fails its next statement (a connection error), so a
 * statement never runs under a lease the map has outdated. Standbys (no triggers run there, and the
 * primary cannot end their sessions) and databases without the trigger get no lease: their
 * connections are validated by a query at every checkout (design (a)). So are SQL Server's: a
 * trigger there cannot end other sessions ({@code KILL} is refused inside a transaction), so a
 * change could not revoke a lease before it commits.
 *
 * <p>The lease is lost silently if the application itself releases advisory locks on a routed
 * connection ({@code pg_advisory_unlock_all()}, {@code DISCARD ALL}) or a transaction-pooling proxy
 * sits between the pool and PostgreSQL; do not use lease validation then.
 */
public final class Leases {

    /** {@link #check} outcome: valid by the lease, no query ran. */
    public static final int LEASED = -1;

    /** The lease lock: two-int advisory key (class, object), per shard database. */
    static final int CLASS = Locks.SCHEMA_CLASS;
    static final int OBJECT = 2;
    static final String TRIGGER = "cqrs_revoke_leases";

    /** The trigger that revokes leases before any change of the local map (idempotent). */
    public static final List<String> DDL = List.of(
            "create or replace function " + Ddl.LSM + ".revoke_leases() returns trigger language plpgsql as $f$"
                    + " declare p int; begin"
                    + " for p in select l.pid from pg_locks l join pg_database d on d.oid = l.database"
                    + " where d.datname = current_database() and l.locktype = 'advisory' and l.classid = " + CLASS
                    + " and l.objid = " + OBJECT + " and l.objsubid = 2 and l.mode = 'ShareLock' and l.granted"
                    + " and l.pid <> pg_backend_pid() loop"
                    + " if not pg_terminate_backend(p) and exists (select 1 from pg_stat_activity a where a.pid = p) then"
                    + " raise exception 'cqrs-routing: cannot end session % holding a validation lease on this shard"
                    + " (the map change needs the right to end the application''s sessions: same role, or pg_signal_backend)', p;"
                    + " end if; end loop;"
                    + " perform pg_advisory_xact_lock(" + CLASS + ", " + OBJECT + ");"
                    + " return null; end $f$",
            "drop trigger if exists " + TRIGGER + " on " + Ddl.LSM + ".mappings",
            "create trigger " + TRIGGER + " before insert or update or delete or truncate on " + Ddl.LSM
                    + ".mappings for each statement execute function " + Ddl.LSM + ".revoke_leases()");

    /**
     * @return whether this shard database's local map revokes leases on change: any write to it,
     *     even one that is rolled back, ends the sessions holding a lease
     */
    public static boolean revokesOnChange(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1 from pg_trigger where tgname = '"
                + TRIGGER + "' and tgrelid = to_regclass('" + Ddl.LSM + ".mappings')")) {
            return rs.next();
        }
    }

    /** A connection with no lease: validate it by a query at every checkout. */
    private static final Map<UUID, Long> NONE = Map.of();

    private final Map<Object, Map<UUID, Long>> bySession = new ConcurrentHashMap<>();

    /**
     * @param c a routed connection just checked out
     * @param cached the client's mapping for the key
     * @return {@link #LEASED} when the session's lease holds the mapping at the cached version (no
     *     round trip), else what {@link Validator#check} says
     */
    public int check(Connection c, MappingRow cached) throws SQLException {
        if (!c.isWrapperFor(org.postgresql.PGConnection.class)) {
            return Validator.check(c, cached); // SQL Server: no lease, a query at every checkout
        }
        Object session = c.unwrap(org.postgresql.PGConnection.class);
        Map<UUID, Long> lease = bySession.get(session);
        if (lease == null) {
            lease = take(c);
            sweep();
            bySession.put(session, lease);
        }
        Long version = lease.get(cached.id());
        if (version != null && version == cached.version()) {
            return LEASED;
        }
        return Validator.check(c, cached);
    }

    /** @return whether the connection's session holds a lease (for tests and stats) */
    public boolean leased(Connection c) throws SQLException {
        if (!c.isWrapperFor(org.postgresql.PGConnection.class)) {
            return false;
        }
        Map<UUID, Long> lease = bySession.get(c.unwrap(org.postgresql.PGConnection.class));
        return lease != null && lease != NONE;
    }

    private static Map<UUID, Long> take(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select pg_is_in_recovery(), exists (select 1 from pg_trigger t"
                    + " join pg_class r on r.oid = t.tgrelid join pg_namespace n on n.oid = r.relnamespace"
                    + " where t.tgname = '" + TRIGGER + "' and n.nspname = '" + Ddl.LSM + "' and r.relname = 'mappings')")) {
                rs.next();
                if (rs.getBoolean(1) || !rs.getBoolean(2)) {
                    return NONE;
                }
            }
            // the lock first, then the copy: a map change either ended before the lock was granted
            // (and the copy shows it) or it ends this session before it commits
            s.execute("select pg_advisory_lock_shared(" + CLASS + ", " + OBJECT + ")");
            Map<UUID, Long> versions = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select mapping_id, version from " + Ddl.LSM
                    + ".mappings where status = 'ONLINE'")) {
                while (rs.next()) {
                    versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
            if (!c.getAutoCommit()) {
                c.commit(); // leave no transaction open: the application starts its own
            }
            return Map.copyOf(versions);
        }
    }

    /** Drops the leases of sessions whose connection was closed (runs only when a lease is taken). */
    private void sweep() {
        bySession.keySet().removeIf(s -> {
            try {
                return ((Connection) s).isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }
}
