package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.SqlServerShardSql.Param;
import io.cqrsrouting.shard.internal.SqlServerShardSql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shard map store's T-SQL on a real SQL Server / Azure SQL database (skipped without
 * {@code CQRS_SQLSERVER_URL}, {@code _USER}, {@code _PASSWORD}; the login must be allowed to
 * create schemas and tables). Creates the global and local maps in that database (twice: the
 * second run changes nothing), adds a map, two shards and range and point mappings, and routes
 * keys, including keys that differ only by trailing zero bytes, through the lookup statement;
 * checks the version-guarded upserts, the operations log and the map lock. Drops everything at
 * the end.
 */
@EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_URL", matches = ".+")
class SqlServerShardSqlLiveTest {

    private static Connection c;

    @BeforeAll
    static void connect() throws SQLException {
        c = DriverManager.getConnection(System.getenv("CQRS_SQLSERVER_URL"),
                System.getenv("CQRS_SQLSERVER_USER"), System.getenv("CQRS_SQLSERVER_PASSWORD"));
        dropAll();
    }

    @AfterAll
    static void close() throws SQLException {
        try {
            dropAll();
        } finally {
            c.close();
        }
    }

    private static void dropAll() throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            for (String t : List.of("cqrs_shard_lsm.mappings", "cqrs_shard_lsm.shards",
                    "cqrs_shard_gsm.recovery_steps", "cqrs_shard_gsm.operations",
                    "cqrs_shard_gsm.mappings", "cqrs_shard_gsm.shards", "cqrs_shard_gsm.shard_maps")) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
            st.execute("IF SCHEMA_ID('cqrs_shard_lsm') IS NOT NULL DROP SCHEMA cqrs_shard_lsm");
            st.execute("IF SCHEMA_ID('cqrs_shard_gsm') IS NOT NULL DROP SCHEMA cqrs_shard_gsm");
        }
    }

    /** Binds by the statement's own parameter list, the way the store binds. */
    private static PreparedStatement prepare(Statement s, Object... values) throws SQLException {
        assertThat(values).hasSize(s.params().size());
        PreparedStatement ps = c.prepareStatement(s.sql());
        for (int i = 0; i < values.length; i++) {
            Param p = s.params().get(i);
            Object v = values[i];
            if (p.javaType() == byte[].class) {
                if (v == null) {
                    ps.setNull(i + 1, Types.BINARY);
                } else {
                    ps.setBytes(i + 1, (byte[]) v);
                }
            } else if (p.javaType() == Long.class) {
                ps.setLong(i + 1, (Long) v);
            } else if (p.javaType() == String.class) {
                ps.setString(i + 1, (String) v);
            } else {
                ps.setObject(i + 1, v);
            }
        }
        return ps;
    }

    private static int update(Statement s, Object... values) throws SQLException {
        try (PreparedStatement ps = prepare(s, values)) {
            return ps.executeUpdate();
        }
    }

    private static List<UUID> shardsFor(UUID map, byte[] key) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(SqlServerShardSql.MAPPING_FOR, map, key, key);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(3, UUID.class));
            }
        }
        return out;
    }

    private static byte[] key(String k) {
        return KeyType.STRING.encode(k);
    }

    @Test
    void createsTheMapsAddsShardsAndMappingsAndRoutesByKey() throws SQLException {
        for (int run = 0; run < 2; run++) {
            try (java.sql.Statement st = c.createStatement()) {
                for (String ddl : SqlServerShardSql.gsmDdl()) {
                    st.execute(ddl);
                }
                for (String ddl : SqlServerShardSql.lsmDdl()) {
                    st.execute(ddl);
                }
            }
        }
        UUID map = UUID.randomUUID();
        assertThat(update(SqlServerShardSql.INSERT_MAP, map, "users", "RANGE", "STRING")).isOne();
        assertThat(update(SqlServerShardSql.INSERT_MAP, UUID.randomUUID(), "users", "RANGE",
                "STRING")).as("one map per name").isZero();
        assertThat(update(SqlServerShardSql.INSERT_MAP, UUID.randomUUID(), "Users", "RANGE",
                "STRING")).as("names compare case-sensitively, as on PostgreSQL").isOne();
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        assertThat(update(SqlServerShardSql.INSERT_SHARD, s1, map, "jdbc:sqlserver://a;databaseName=s1",
                "", 1L, "ONLINE")).isOne();
        assertThat(update(SqlServerShardSql.INSERT_SHARD, s2, map, "jdbc:sqlserver://b;databaseName=s2",
                "jdbc:sqlserver://b;databaseName=s2;applicationIntent=ReadOnly", 1L, "ONLINE")).isOne();
        assertThat(update(SqlServerShardSql.INSERT_SHARD, s2, map, "x", "", 1L, "ONLINE")).isZero();

        // [min, "m") -> s1, ["m", +inf) -> s2, and the point "m\0" -> s1 would overlap: checked.
        UUID low = UUID.randomUUID();
        UUID high = UUID.randomUUID();
        update(SqlServerShardSql.UPSERT_MAPPING, low, map, s1, key(""), key("m"), "ONLINE", 1L);
        update(SqlServerShardSql.UPSERT_MAPPING, high, map, s2, key("m"), null, "ONLINE", 1L);
        assertThat(shardsFor(map, key("a"))).containsExactly(s1);
        assertThat(shardsFor(map, key("l\u0000"))).containsExactly(s1);
        assertThat(shardsFor(map, key("m"))).containsExactly(s2);
        assertThat(shardsFor(map, key("m\u0000"))).containsExactly(s2);
        assertThat(shardsFor(map, key("zz"))).containsExactly(s2);
        try (PreparedStatement ps = prepare(SqlServerShardSql.OVERLAPS, map, key("x"),
                KeyType.successor(key("x")), KeyType.successor(key("x")));
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("a point inside a range overlaps").isTrue();
        }

        // A point mapping [k, k + 00) in a list-like map: SQL Server alone calls its bounds equal.
        UUID points = UUID.randomUUID();
        update(SqlServerShardSql.INSERT_MAP, points, "points", "LIST", "STRING");
        update(SqlServerShardSql.UPSERT_MAPPING, UUID.randomUUID(), points, s1, key("k"),
                KeyType.successor(key("k")), "ONLINE", 1L);
        assertThat(shardsFor(points, key("k"))).containsExactly(s1);
        assertThat(shardsFor(points, key("k\u0000"))).isEmpty();
        assertThat(shardsFor(points, key("j"))).isEmpty();

        // Version-guarded upserts: an older version never overwrites a newer one.
        update(SqlServerShardSql.UPSERT_MAPPING, high, map, s2, key("m"), null, "OFFLINE", 3L);
        update(SqlServerShardSql.UPSERT_MAPPING, high, map, s2, key("m"), null, "ONLINE", 2L);
        try (PreparedStatement ps = prepare(SqlServerShardSql.MAPPING, high);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(6)).isEqualTo("OFFLINE");
            assertThat(rs.getLong(7)).isEqualTo(3L);
        }

        // The local map of shard 2 and the validation query.
        update(SqlServerShardSql.LSM_INSERT_SHARD, map, s2, "users", "RANGE", "STRING");
        assertThat(update(SqlServerShardSql.LSM_INSERT_SHARD, map, s2, "users", "RANGE",
                "STRING")).isZero();
        update(SqlServerShardSql.LSM_PUT, high, map, s2, key("m"), null, "ONLINE", 4L);
        try (PreparedStatement ps = prepare(SqlServerShardSql.LSM_VALIDATE, high);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ONLINE");
            assertThat(rs.getLong(2)).isEqualTo(4L);
        }
        try (PreparedStatement ps = prepare(SqlServerShardSql.LSM_HAS_SCHEMA);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next() && rs.getInt(1) == 1).isTrue();
        }

        // Operations log: written, read back in order, deleted.
        UUID op = UUID.randomUUID();
        update(SqlServerShardSql.INSERT_OP, op, map, "ADD_MAPPING", s2, "jdbc:sqlserver://b", "",
                high, key("m"), null, "ONLINE", 5L);
        try (PreparedStatement ps = prepare(SqlServerShardSql.LOGGED_OPS, map);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, UUID.class)).isEqualTo(op);
            assertThat(rs.getBytes(7)).isEqualTo(key("m"));
        }
        assertThat(update(SqlServerShardSql.DELETE_OP, op)).isOne();

        // A key longer than the key column is refused, never cut.
        assertThatThrownBy(() -> update(SqlServerShardSql.UPSERT_MAPPING, UUID.randomUUID(), map,
                s1, new byte[901], null, "ONLINE", 1L)).isInstanceOf(SQLException.class);
    }

    @Test
    void theMapLockIsExclusivePerSession() throws SQLException {
        String resource = SqlServerShardSql.mapLockResource(UUID.randomUUID());
        try (PreparedStatement ps = prepare(SqlServerShardSql.LOCK_MAP, resource);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("granted").isGreaterThanOrEqualTo(0);
        }
        try (Connection other = DriverManager.getConnection(System.getenv("CQRS_SQLSERVER_URL"),
                System.getenv("CQRS_SQLSERVER_USER"), System.getenv("CQRS_SQLSERVER_PASSWORD"));
                java.sql.Statement st = other.createStatement();
                ResultSet rs = st.executeQuery("DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'"
                        + resource + "', @LockMode = 'Exclusive', @LockOwner = 'Session',"
                        + " @LockTimeout = 0; SELECT @r")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("another session is refused").isNegative();
        }
        update(SqlServerShardSql.UNLOCK_MAP, resource);
    }
}
