package io.cqrsrouting.shard.internal;

import java.util.List;
import java.util.UUID;

/**
 * The shard map store in T-SQL (SQL Server, Azure SQL Database, Managed Instance): the schema of
 * the global and local shard maps, and every statement the store issues, with the same parameters
 * in the same order as the PostgreSQL statements of {@link Gsm}, {@link Lsm} and
 * {@link ShardMapStore}, so the same binding code serves both.
 *
 * <p>Differences from PostgreSQL, and why:
 * <ul>
 * <li>Keys are stored as {@code varbinary(900)} (the index key limit: a longer encoded key is
 *     refused with SQL Server's truncation error, never cut); parameters are cast to
 *     {@code varbinary(max)} so a lookup key is never truncated either. SQL Server compares two
 *     {@code varbinary} values that differ only by trailing {@code 0x00} bytes as equal, where
 *     the key encoding orders the shorter first; every key comparison therefore breaks such ties
 *     with {@code DATALENGTH}, which makes it the exact unsigned, shorter-first byte order.</li>
 * <li>Map names and URLs use a binary collation ({@code Latin1_General_100_BIN2}): the default
 *     collation is case-insensitive, PostgreSQL's comparison is not.</li>
 * <li>"Insert unless present" is {@code INSERT ... SELECT ... WHERE NOT EXISTS} under
 *     {@code UPDLOCK, HOLDLOCK} (no race between the check and the insert); the version-guarded
 *     upsert is one {@code MERGE ... WITH (HOLDLOCK)}.</li>
 * <li>Advisory locks are application locks: {@code sp_getapplock} owned by the session (a map's
 *     changes) or by the transaction (schema creation).</li>
 * </ul>
 * The store selects these statements ({@link StoreSql#SQL_SERVER}, through {@link #byQuery()})
 * when the driver reports SQL Server; tested against the real driver's parser and type tables
 * offline, and run by the live suites when {@code CQRS_SQLSERVER_*} is set.
 */
public final class SqlServerShardSql {

    /** One {@code ?} of a statement: the column it is compared with or stored in, the Java type bound. */
    public record Param(String column, Class<?> javaType) {
    }

    /** A statement and its parameters, in order. */
    public record Statement(String sql, List<Param> params) {
    }

    private static final String G = Ddl.GSM + ".";
    private static final String L = Ddl.LSM + ".";
    private static final String BIN = " COLLATE Latin1_General_100_BIN2";
    private static final String KEY = "varbinary(900)";

    private SqlServerShardSql() {
    }

    /** The GSM tables; every statement is idempotent. */
    public static List<String> gsmDdl() {
        return List.of(
                "IF SCHEMA_ID('" + Ddl.GSM + "') IS NULL EXEC('CREATE SCHEMA " + Ddl.GSM + "')",
                "IF OBJECT_ID('" + G + "shard_maps', 'U') IS NULL CREATE TABLE " + G + "shard_maps ("
                        + "map_id uniqueidentifier NOT NULL PRIMARY KEY, name nvarchar(128)" + BIN
                        + " NOT NULL UNIQUE, kind varchar(8) NOT NULL, key_type varchar(16) NOT NULL)",
                "IF OBJECT_ID('" + G + "shards', 'U') IS NULL CREATE TABLE " + G + "shards ("
                        + "shard_id uniqueidentifier NOT NULL PRIMARY KEY,"
                        + " map_id uniqueidentifier NOT NULL REFERENCES " + G + "shard_maps,"
                        + " primary_url nvarchar(450)" + BIN + " NOT NULL, replica_urls nvarchar(4000) NOT NULL,"
                        + " version bigint NOT NULL, status varchar(8) NOT NULL, UNIQUE (map_id, primary_url))",
                "IF OBJECT_ID('" + G + "mappings', 'U') IS NULL CREATE TABLE " + G + "mappings ("
                        + "mapping_id uniqueidentifier NOT NULL PRIMARY KEY,"
                        + " map_id uniqueidentifier NOT NULL REFERENCES " + G + "shard_maps,"
                        + " shard_id uniqueidentifier NOT NULL REFERENCES " + G + "shards,"
                        + " low " + KEY + " NOT NULL, high " + KEY + " NULL, status varchar(8) NOT NULL,"
                        + " version bigint NOT NULL)",
                "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'mappings_by_low'"
                        + " AND object_id = OBJECT_ID('" + G + "mappings'))"
                        + " CREATE INDEX mappings_by_low ON " + G + "mappings (map_id, low)",
                "IF OBJECT_ID('" + G + "operations', 'U') IS NULL CREATE TABLE " + G + "operations ("
                        + "op_id uniqueidentifier NOT NULL PRIMARY KEY, map_id uniqueidentifier NOT NULL,"
                        + " kind varchar(16) NOT NULL, shard_id uniqueidentifier NOT NULL,"
                        + " primary_url nvarchar(1000) NOT NULL, replica_urls nvarchar(4000) NOT NULL,"
                        + " mapping_id uniqueidentifier NULL, low " + KEY + " NULL, high " + KEY + " NULL,"
                        + " status varchar(8) NULL, version bigint NULL,"
                        + " created datetime2 NOT NULL DEFAULT SYSUTCDATETIME())",
                "IF OBJECT_ID('" + G + "recovery_steps', 'U') IS NULL CREATE TABLE " + G + "recovery_steps ("
                        + "op_id uniqueidentifier NOT NULL, seq int NOT NULL, map_id uniqueidentifier NOT NULL,"
                        + " op_kind varchar(16) NOT NULL, target nvarchar(1000) NOT NULL, best_effort bit NOT NULL,"
                        + " action varchar(16) NOT NULL, shard_id uniqueidentifier NULL,"
                        + " primary_url nvarchar(1000) NULL, replica_urls nvarchar(4000) NULL,"
                        + " shard_version bigint NULL, mapping_id uniqueidentifier NULL, low " + KEY + " NULL,"
                        + " high " + KEY + " NULL, status varchar(8) NULL, version bigint NULL,"
                        + " created datetime2 NOT NULL DEFAULT SYSUTCDATETIME(), PRIMARY KEY (op_id, seq))");
    }

    /** The LSM tables of a shard database; every statement is idempotent. */
    public static List<String> lsmDdl() {
        return List.of(
                "IF SCHEMA_ID('" + Ddl.LSM + "') IS NULL EXEC('CREATE SCHEMA " + Ddl.LSM + "')",
                "IF OBJECT_ID('" + L + "shards', 'U') IS NULL CREATE TABLE " + L + "shards ("
                        + "map_id uniqueidentifier NOT NULL, shard_id uniqueidentifier NOT NULL,"
                        + " map_name nvarchar(128)" + BIN + " NOT NULL, kind varchar(8) NOT NULL,"
                        + " key_type varchar(16) NOT NULL, PRIMARY KEY (map_id, shard_id))",
                "IF OBJECT_ID('" + L + "mappings', 'U') IS NULL CREATE TABLE " + L + "mappings ("
                        + "mapping_id uniqueidentifier NOT NULL PRIMARY KEY, map_id uniqueidentifier NOT NULL,"
                        + " shard_id uniqueidentifier NOT NULL, low " + KEY + " NOT NULL, high " + KEY + " NULL,"
                        + " status varchar(8) NOT NULL, version bigint NOT NULL)");
    }

    private static Param p(String column, Class<?> type) {
        return new Param(column, type);
    }

    private static final String MAPPING_COLUMNS = "mapping_id, map_id, shard_id, low, high, status, version";

    private static List<Param> mappingParams(String table) {
        return List.of(p(table + ".mapping_id", UUID.class), p(table + ".map_id", UUID.class),
                p(table + ".shard_id", UUID.class), p(table + ".low", byte[].class),
                p(table + ".high", byte[].class), p(table + ".status", String.class),
                p(table + ".version", Long.class));
    }

    // key <= column and column > key in the exact byte order (see the class comment)
    private static String lowAtOrBelow(String low, String key) {
        return low + " <= " + key + " AND (" + low + " < " + key + " OR DATALENGTH(" + low
                + ") <= DATALENGTH(" + key + "))";
    }

    private static String above(String column, String key) {
        return "(" + column + " > " + key + " OR (" + column + " = " + key + " AND DATALENGTH("
                + column + ") > DATALENGTH(" + key + ")))";
    }

    private static String below(String column, String key) {
        return "(" + column + " < " + key + " OR (" + column + " = " + key + " AND DATALENGTH("
                + column + ") < DATALENGTH(" + key + ")))";
    }

    /** Serializes schema creation (inside the creating transaction). */
    public static final Statement LOCK_SCHEMA = new Statement("EXEC sp_getapplock @Resource ="
            + " N'cqrs_shard_schema', @LockMode = 'Exclusive', @LockOwner = 'Transaction'", List.of());

    /** Takes a map's change lock for the session; one row: 0 or 1 granted, negative refused. */
    public static final Statement LOCK_MAP = new Statement("DECLARE @r int; EXEC @r = sp_getapplock"
            + " @Resource = ?, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1;"
            + " SELECT @r", List.of(p("applock.resource", String.class)));

    /** Releases a map's change lock. */
    public static final Statement UNLOCK_MAP = new Statement("EXEC sp_releaseapplock @Resource = ?,"
            + " @LockOwner = 'Session'", List.of(p("applock.resource", String.class)));

    /** @return the application-lock resource of a map's changes (no key, no name: the map id) */
    public static String mapLockResource(UUID mapId) {
        return "cqrs_shard_map:" + mapId;
    }

    /** GSM statements. */
    public static final Statement MAP = new Statement("SELECT map_id, name, kind, key_type FROM " + G
            + "shard_maps WHERE name = ?", List.of(p("shard_maps.name", String.class)));
    public static final Statement MAP_BY_ID = new Statement("SELECT name, kind, key_type FROM " + G
            + "shard_maps WHERE map_id = ?", List.of(p("shard_maps.map_id", UUID.class)));
    public static final Statement INSERT_MAP = new Statement("INSERT INTO " + G + "shard_maps (map_id,"
            + " name, kind, key_type) SELECT v.map_id, v.name, v.kind, v.key_type FROM (VALUES (?, ?, ?, ?))"
            + " AS v(map_id, name, kind, key_type) WHERE NOT EXISTS (SELECT 1 FROM " + G + "shard_maps m"
            + " WITH (UPDLOCK, HOLDLOCK) WHERE m.name = v.name)",
            List.of(p("shard_maps.map_id", UUID.class), p("shard_maps.name", String.class),
                    p("shard_maps.kind", String.class), p("shard_maps.key_type", String.class)));
    public static final Statement SHARDS = new Statement("SELECT shard_id, map_id, primary_url,"
            + " replica_urls, version, status FROM " + G + "shards WHERE map_id = ? ORDER BY primary_url",
            List.of(p("shards.map_id", UUID.class)));
    public static final Statement INSERT_SHARD = new Statement("INSERT INTO " + G + "shards (shard_id,"
            + " map_id, primary_url, replica_urls, version, status) SELECT v.shard_id, v.map_id,"
            + " v.primary_url, v.replica_urls, v.version, v.status FROM (VALUES (?, ?, ?, ?, ?, ?))"
            + " AS v(shard_id, map_id, primary_url, replica_urls, version, status) WHERE NOT EXISTS"
            + " (SELECT 1 FROM " + G + "shards s WITH (UPDLOCK, HOLDLOCK) WHERE s.shard_id = v.shard_id)",
            List.of(p("shards.shard_id", UUID.class), p("shards.map_id", UUID.class),
                    p("shards.primary_url", String.class), p("shards.replica_urls", String.class),
                    p("shards.version", Long.class), p("shards.status", String.class)));
    public static final Statement MAPPINGS = new Statement("SELECT " + MAPPING_COLUMNS + " FROM " + G
            + "mappings WHERE map_id = ? ORDER BY low, DATALENGTH(low)",
            List.of(p("mappings.map_id", UUID.class)));
    public static final Statement MAPPING = new Statement("SELECT " + MAPPING_COLUMNS + " FROM " + G
            + "mappings WHERE mapping_id = ?", List.of(p("mappings.mapping_id", UUID.class)));
    public static final Statement MAPPING_FOR = new Statement("SELECT m.mapping_id, m.map_id,"
            + " m.shard_id, m.low, m.high, m.status, m.version FROM (VALUES (?, CAST(? AS varbinary(max)),"
            + " CAST(? AS varbinary(max)))) AS p(map_id, k, k2) JOIN " + G + "mappings m ON m.map_id = p.map_id"
            + " WHERE " + lowAtOrBelow("m.low", "p.k") + " AND (m.high IS NULL OR " + above("m.high", "p.k2")
            + ")", List.of(p("mappings.map_id", UUID.class), p("mappings.low", byte[].class),
                    p("mappings.high", byte[].class)));
    /** Whether a mapping intersects {@code [low, high)}: parameters map, low, high, high (PostgreSQL's order). */
    public static final Statement OVERLAPS = new Statement("SELECT TOP 1 1 FROM (VALUES (?, CAST(? AS"
            + " varbinary(max)), CAST(? AS varbinary(max)), CAST(? AS varbinary(max)))) AS p(map_id, lo, hi, hi2) JOIN "
            + G + "mappings m ON m.map_id = p.map_id WHERE (m.high IS NULL OR " + above("m.high", "p.lo")
            + ") AND (p.hi IS NULL OR " + below("m.low", "p.hi2") + ")",
            List.of(p("mappings.map_id", UUID.class), p("mappings.low", byte[].class),
                    p("mappings.high", byte[].class), p("mappings.high", byte[].class)));
    public static final Statement UPSERT_MAPPING = upsert(G + "mappings", "mappings");
    public static final Statement DELETE_MAPPING = new Statement("DELETE FROM " + G + "mappings WHERE"
            + " mapping_id = ?", List.of(p("mappings.mapping_id", UUID.class)));

    /** LSM statements. */
    public static final Statement LSM_INSERT_SHARD = new Statement("INSERT INTO " + L + "shards (map_id,"
            + " shard_id, map_name, kind, key_type) SELECT v.map_id, v.shard_id, v.map_name, v.kind,"
            + " v.key_type FROM (VALUES (?, ?, ?, ?, ?)) AS v(map_id, shard_id, map_name, kind, key_type)"
            + " WHERE NOT EXISTS (SELECT 1 FROM " + L + "shards s WITH (UPDLOCK, HOLDLOCK)"
            + " WHERE s.map_id = v.map_id AND s.shard_id = v.shard_id)",
            List.of(p("lsm.shards.map_id", UUID.class), p("lsm.shards.shard_id", UUID.class),
                    p("lsm.shards.map_name", String.class), p("lsm.shards.kind", String.class),
                    p("lsm.shards.key_type", String.class)));
    public static final Statement LSM_PUT = upsert(L + "mappings", "lsm.mappings");
    public static final Statement LSM_DELETE = new Statement("DELETE FROM " + L + "mappings WHERE"
            + " mapping_id = ?", List.of(p("lsm.mappings.mapping_id", UUID.class)));
    public static final Statement LSM_MAPPINGS = new Statement("SELECT " + MAPPING_COLUMNS + " FROM " + L
            + "mappings WHERE map_id = ? ORDER BY low, DATALENGTH(low)",
            List.of(p("lsm.mappings.map_id", UUID.class)));
    /** The validation query: one indexed row, by mapping id; the PostgreSQL text, which is also T-SQL. */
    public static final Statement LSM_VALIDATE = new Statement(Lsm.VALIDATE,
            List.of(p("lsm.mappings.mapping_id", UUID.class)));
    /** The refusal marker (a no-op query); the PostgreSQL text, which is also T-SQL. */
    public static final Statement LSM_CLEAR = new Statement(Validator.CLEAR, List.of());
    public static final Statement LSM_HAS_SCHEMA = new Statement("SELECT CASE WHEN OBJECT_ID('" + L
            + "mappings', 'U') IS NULL THEN 0 ELSE 1 END", List.of());

    /** Operations log. */
    public static final Statement OPS_MAPS = new Statement("SELECT DISTINCT map_id FROM " + G + "operations",
            List.of());
    public static final Statement INSERT_OP = new Statement("INSERT INTO " + G + "operations (op_id,"
            + " map_id, kind, shard_id, primary_url, replica_urls, mapping_id, low, high, status, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            List.of(p("operations.op_id", UUID.class), p("operations.map_id", UUID.class),
                    p("operations.kind", String.class), p("operations.shard_id", UUID.class),
                    p("operations.primary_url", String.class), p("operations.replica_urls", String.class),
                    p("operations.mapping_id", UUID.class), p("operations.low", byte[].class),
                    p("operations.high", byte[].class), p("operations.status", String.class),
                    p("operations.version", Long.class)));
    public static final Statement LOGGED_OPS = new Statement("SELECT op_id, kind, shard_id, primary_url,"
            + " replica_urls, mapping_id, low, high, status, version FROM " + G + "operations"
            + " WHERE map_id = ? ORDER BY created, op_id", List.of(p("operations.map_id", UUID.class)));
    public static final Statement DELETE_OP = new Statement("DELETE FROM " + G + "operations WHERE"
            + " op_id = ?", List.of(p("operations.op_id", UUID.class)));

    /** @return the T-SQL form of every statement of the store, by the store's name for it */
    public static java.util.Map<StoreSql.Q, Statement> byQuery() {
        java.util.Map<StoreSql.Q, Statement> m = new java.util.EnumMap<>(StoreSql.Q.class);
        m.put(StoreSql.Q.LOCK_GSM_SCHEMA, LOCK_SCHEMA);
        m.put(StoreSql.Q.LOCK_LSM_SCHEMA, LOCK_SCHEMA);
        m.put(StoreSql.Q.LOCK_MAP, LOCK_MAP);
        m.put(StoreSql.Q.UNLOCK_MAP, UNLOCK_MAP);
        m.put(StoreSql.Q.MAP, MAP);
        m.put(StoreSql.Q.MAP_BY_ID, MAP_BY_ID);
        m.put(StoreSql.Q.INSERT_MAP, INSERT_MAP);
        m.put(StoreSql.Q.SHARDS, SHARDS);
        m.put(StoreSql.Q.INSERT_SHARD, INSERT_SHARD);
        m.put(StoreSql.Q.MAPPINGS, MAPPINGS);
        m.put(StoreSql.Q.MAPPING, MAPPING);
        m.put(StoreSql.Q.MAPPING_FOR, MAPPING_FOR);
        m.put(StoreSql.Q.OVERLAPS, OVERLAPS);
        m.put(StoreSql.Q.UPSERT_MAPPING, UPSERT_MAPPING);
        m.put(StoreSql.Q.DELETE_MAPPING, DELETE_MAPPING);
        m.put(StoreSql.Q.OPS_MAPS, OPS_MAPS);
        m.put(StoreSql.Q.INSERT_OP, INSERT_OP);
        m.put(StoreSql.Q.LOGGED_OPS, LOGGED_OPS);
        m.put(StoreSql.Q.DELETE_OP, DELETE_OP);
        m.put(StoreSql.Q.LSM_INSERT_SHARD, LSM_INSERT_SHARD);
        m.put(StoreSql.Q.LSM_PUT, LSM_PUT);
        m.put(StoreSql.Q.LSM_DELETE, LSM_DELETE);
        m.put(StoreSql.Q.LSM_MAPPINGS, LSM_MAPPINGS);
        m.put(StoreSql.Q.LSM_HAS_SCHEMA, LSM_HAS_SCHEMA);
        m.put(StoreSql.Q.VALIDATE, LSM_VALIDATE);
        m.put(StoreSql.Q.CLEAR, LSM_CLEAR);
        return m;
    }

    /** Writes a mapping unless the table holds this or a later version of it (one statement). */
    private static Statement upsert(String table, String prefix) {
        return new Statement("MERGE " + table + " WITH (HOLDLOCK) AS m USING (VALUES (?, ?, ?,"
                + " CAST(? AS varbinary(max)), CAST(? AS varbinary(max)), ?, ?)) AS p(" + MAPPING_COLUMNS + ") ON m.mapping_id"
                + " = p.mapping_id WHEN MATCHED AND m.version < p.version THEN UPDATE SET status = p.status,"
                + " version = p.version WHEN NOT MATCHED THEN INSERT (" + MAPPING_COLUMNS + ") VALUES"
                + " (p.mapping_id, p.map_id, p.shard_id, p.low, p.high, p.status, p.version);",
                mappingParams(prefix));
    }
}
