package io.cqrsrouting.shard.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every statement the shard map store issues (global map, local maps, operations log, map and
 * schema locks, validation), in one database's dialect. The store detects the dialect once per
 * database from the driver's {@code DatabaseMetaData} (no round trip) and binds the same
 * parameters in the same order for both, so one binding code serves PostgreSQL and SQL Server.
 * The validation query and the refusal marker are the same text in both (no dialect lookup on the
 * per-checkout path).
 */
public final class StoreSql {

    /** The statements of the store. */
    public enum Q {
        /** Serializes GSM schema creation (inside the creating transaction); no parameters. */
        LOCK_GSM_SCHEMA,
        /** Serializes LSM schema creation (inside the creating transaction); no parameters. */
        LOCK_LSM_SCHEMA,
        /** Takes a map's change lock for the session; one parameter (see {@link ShardMapStore}). */
        LOCK_MAP,
        /** Releases a map's change lock; the same parameter. */
        UNLOCK_MAP,
        MAP, MAP_BY_ID, INSERT_MAP, SHARDS, INSERT_SHARD, MAPPINGS, MAPPING, MAPPING_FOR, OVERLAPS,
        UPSERT_MAPPING, DELETE_MAPPING,
        OPS_MAPS, INSERT_OP, LOGGED_OPS, DELETE_OP,
        LSM_INSERT_SHARD, LSM_PUT, LSM_DELETE, LSM_MAPPINGS, LSM_HAS_SCHEMA,
        /** The validation query ({@link Lsm#VALIDATE}); the same text in every dialect. */
        VALIDATE,
        /** The refusal marker ({@link Validator#CLEAR}); the same text in every dialect. */
        CLEAR
    }

    private static final String G = Ddl.GSM + ".";
    private static final String L = Ddl.LSM + ".";
    private static final String MAPPING_COLUMNS = "mapping_id, map_id, shard_id, low, high, status, version";

    /** PostgreSQL (9.5 or later: {@code on conflict}). */
    public static final StoreSql POSTGRES = buildPostgres();
    /** SQL Server, Azure SQL Database and Managed Instance (see {@link SqlServerShardSql}). */
    public static final StoreSql SQL_SERVER = buildSqlServer();

    private final String name;
    private final Map<Q, String> sql;
    private final List<String> gsmDdl;
    private final List<String> lsmDdl;

    private StoreSql(String name, Map<Q, String> sql, List<String> gsmDdl, List<String> lsmDdl) {
        for (Q q : Q.values()) {
            if (sql.get(q) == null) {
                throw new IllegalStateException(name + " has no form of " + q);
            }
        }
        this.name = name;
        this.sql = new EnumMap<>(sql);
        this.gsmDdl = List.copyOf(gsmDdl);
        this.lsmDdl = List.copyOf(lsmDdl);
    }

    /** @return the statement's text in this dialect */
    public String sql(Q q) {
        return sql.get(q);
    }

    /** @return the GSM schema, every statement idempotent */
    public List<String> gsmDdl() {
        return gsmDdl;
    }

    /** @return the LSM schema (on PostgreSQL with the validation lease trigger), every statement idempotent */
    public List<String> lsmDdl() {
        return lsmDdl;
    }

    /** @return whether this is the SQL Server dialect */
    public boolean sqlServer() {
        return this == SQL_SERVER;
    }

    @Override
    public String toString() {
        return name;
    }

    /** @return the dialect of the database {@code c} is connected to (from the driver, no round trip) */
    public static StoreSql of(Connection c) throws SQLException {
        return forProduct(c.getMetaData().getDatabaseProductName());
    }

    /** @return the dialect of a {@code DatabaseMetaData} product name */
    public static StoreSql forProduct(String product) throws SQLException {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRES;
        }
        if (p.contains("sql server")) {
            return SQL_SERVER;
        }
        throw new java.sql.SQLFeatureNotSupportedException("cqrs-routing shard maps: database product '" + product
                + "' is not supported (PostgreSQL or SQL Server)");
    }

    private static StoreSql buildPostgres() {
        Map<Q, String> m = new EnumMap<>(Q.class);
        m.put(Q.LOCK_GSM_SCHEMA, "select pg_advisory_xact_lock(" + Locks.SCHEMA_CLASS + ", 0)");
        m.put(Q.LOCK_LSM_SCHEMA, "select pg_advisory_xact_lock(" + Locks.SCHEMA_CLASS + ", 1)");
        m.put(Q.LOCK_MAP, "select pg_advisory_lock(" + Locks.MAP_CLASS + ", ?)");
        m.put(Q.UNLOCK_MAP, "select pg_advisory_unlock(" + Locks.MAP_CLASS + ", ?)");
        m.put(Q.MAP, "select map_id, name, kind, key_type from " + G + "shard_maps where name = ?");
        m.put(Q.MAP_BY_ID, "select name, kind, key_type from " + G + "shard_maps where map_id = ?");
        m.put(Q.INSERT_MAP, "insert into " + G + "shard_maps (map_id, name, kind, key_type)"
                + " values (?, ?, ?, ?) on conflict (name) do nothing");
        m.put(Q.SHARDS, "select shard_id, map_id, primary_url, replica_urls, version, status from " + G
                + "shards where map_id = ? order by primary_url");
        m.put(Q.INSERT_SHARD, "insert into " + G + "shards (shard_id, map_id, primary_url, replica_urls, version,"
                + " status) values (?, ?, ?, ?, ?, ?) on conflict (shard_id) do nothing");
        m.put(Q.MAPPINGS, "select " + MAPPING_COLUMNS + " from " + G + "mappings where map_id = ? order by low");
        m.put(Q.MAPPING, "select " + MAPPING_COLUMNS + " from " + G + "mappings where mapping_id = ?");
        m.put(Q.MAPPING_FOR, "select " + MAPPING_COLUMNS + " from " + G + "mappings"
                + " where map_id = ? and low <= ? and (high is null or high > ?)");
        m.put(Q.OVERLAPS, "select 1 from " + G + "mappings where map_id = ?"
                + " and (high is null or high > ?) and (cast(? as bytea) is null or low < ?) limit 1");
        m.put(Q.UPSERT_MAPPING, upsert(G));
        m.put(Q.DELETE_MAPPING, "delete from " + G + "mappings where mapping_id = ?");
        m.put(Q.OPS_MAPS, "select distinct map_id from " + OperationLog.OPS);
        m.put(Q.INSERT_OP, "insert into " + OperationLog.OPS + " (op_id, map_id, kind, shard_id, primary_url,"
                + " replica_urls, mapping_id, low, high, status, version) values (?,?,?,?,?,?,?,?,?,?,?)");
        m.put(Q.LOGGED_OPS, "select op_id, kind, shard_id, primary_url, replica_urls, mapping_id, low, high,"
                + " status, version from " + OperationLog.OPS + " where map_id = ? order by created");
        m.put(Q.DELETE_OP, "delete from " + OperationLog.OPS + " where op_id = ?");
        m.put(Q.LSM_INSERT_SHARD, "insert into " + L + "shards (map_id, shard_id, map_name, kind, key_type)"
                + " values (?, ?, ?, ?, ?) on conflict do nothing");
        m.put(Q.LSM_PUT, upsert(L));
        m.put(Q.LSM_DELETE, "delete from " + L + "mappings where mapping_id = ?");
        m.put(Q.LSM_MAPPINGS, "select " + MAPPING_COLUMNS + " from " + L + "mappings where map_id = ? order by low");
        m.put(Q.LSM_HAS_SCHEMA, "select to_regclass('" + L + "mappings') is not null");
        m.put(Q.VALIDATE, Lsm.VALIDATE);
        m.put(Q.CLEAR, Validator.CLEAR);
        List<String> lsm = new ArrayList<>(Ddl.postgresLsm());
        lsm.addAll(Leases.DDL);
        return new StoreSql("PostgreSQL", m, Ddl.postgresGsm(), lsm);
    }

    private static String upsert(String schema) {
        return "insert into " + schema + "mappings (" + MAPPING_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (mapping_id) do update set status = excluded.status, version = excluded.version"
                + " where " + schema + "mappings.version < excluded.version";
    }

    private static StoreSql buildSqlServer() {
        Map<Q, String> m = new EnumMap<>(Q.class);
        for (Map.Entry<Q, SqlServerShardSql.Statement> e : SqlServerShardSql.byQuery().entrySet()) {
            m.put(e.getKey(), e.getValue().sql());
        }
        return new StoreSql("SQL Server", m, SqlServerShardSql.gsmDdl(), SqlServerShardSql.lsmDdl());
    }
}
