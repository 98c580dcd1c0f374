package io.cqrsrouting.shard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.Routing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shard map manager, validated routing and map changes on real SQL Server / Azure SQL
 * databases (skipped unless {@code CQRS_SQLSERVER_URL} is set; see docs/sqlserver.md):
 *
 * <ul>
 *   <li>{@code CQRS_SQLSERVER_URL}, {@code _USER}, {@code _PASSWORD}: the shard-map-manager
 *       database (the login creates schemas and tables there and in the shard databases);</li>
 *   <li>{@code CQRS_SQLSERVER_SHARD1_URL}, {@code CQRS_SQLSERVER_SHARD2_URL}: two other databases
 *       for the shards (same login); without them the test creates {@code cqrs_shard_live_1} and
 *       {@code _2} on the same server (needs {@code CREATE DATABASE}).</li>
 * </ul>
 * It drops the shard map tables in all three databases first and at the end.
 */
@EnabledIfEnvironmentVariable(named = "CQRS_SQLSERVER_URL", matches = ".+")
class SqlServerShardMapManagerLiveTest {

    private static final String URL = System.getenv("CQRS_SQLSERVER_URL");
    private static final String USER = System.getenv("CQRS_SQLSERVER_USER");
    private static final String PASSWORD = System.getenv("CQRS_SQLSERVER_PASSWORD");
    private static final String TABLE = "cqrs_live_orders";

    private static String shard1;
    private static String shard2;
    private static HikariDataSource gsm;
    private static ShardMapManager smm;
    private static ShardMapManager admin; // another process's manager: changes the map behind the client's cache
    private static RangeShardMap<Long> map;
    private static ShardedDataSource sds;
    private static Shard s1;
    private static Shard s2;

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The URL with another {@code databaseName}, creating that database if it is missing. */
    private static String database(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("IF DB_ID('" + name + "') IS NULL CREATE DATABASE " + name);
        }
        String base = URL.replaceAll("(?i);databaseName=[^;]*", "");
        return base + ";databaseName=" + name;
    }

    private static void dropShardMaps(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement st = c.createStatement()) {
            for (String t : List.of(TABLE, "cqrs_shard_lsm.mappings", "cqrs_shard_lsm.shards",
                    "cqrs_shard_gsm.recovery_steps", "cqrs_shard_gsm.operations", "cqrs_shard_gsm.mappings",
                    "cqrs_shard_gsm.shards", "cqrs_shard_gsm.shard_maps")) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
            st.execute("IF SCHEMA_ID('cqrs_shard_lsm') IS NOT NULL DROP SCHEMA cqrs_shard_lsm");
            st.execute("IF SCHEMA_ID('cqrs_shard_gsm') IS NOT NULL DROP SCHEMA cqrs_shard_gsm");
        }
    }

    private static ShardMapManager manager() {
        return ShardMapManager.builder().globalMap(gsm).credentials(USER, PASSWORD).build();
    }

    @BeforeAll
    static void setUp() throws SQLException {
        shard1 = env("CQRS_SQLSERVER_SHARD1_URL") != null ? env("CQRS_SQLSERVER_SHARD1_URL") : database("cqrs_shard_live_1");
        shard2 = env("CQRS_SQLSERVER_SHARD2_URL") != null ? env("CQRS_SQLSERVER_SHARD2_URL") : database("cqrs_shard_live_2");
        for (String url : List.of(URL, shard1, shard2)) {
            dropShardMaps(url);
        }
        for (String url : List.of(shard1, shard2)) {
            exec(url, "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note nvarchar(100) NOT NULL)");
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(URL);
        c.setUsername(USER);
        c.setPassword(PASSWORD);
        c.setMaximumPoolSize(3);
        c.setPoolName("gsm-sqlserver-live");
        gsm = new HikariDataSource(c);
        smm = manager();
        admin = manager(); // the GSM schema exists now: creating it again changes nothing
        map = smm.createRangeShardMap("live_customers", Long.class);
        s1 = map.createShard(ShardLocation.of(shard1));
        s2 = map.createShard(ShardLocation.of(shard2));
        map.createRangeMapping(Range.of(0L, 1000L), s1);
        map.createRangeMapping(Range.from(1000L), s2);
        sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(2).monitorInterval(Duration.ofMillis(200))).build();
    }

    @AfterAll
    static void tearDown() throws SQLException {
        if (sds != null) {
            sds.close();
        }
        if (gsm != null) {
            gsm.close();
        }
        for (String url : List.of(URL, shard1, shard2)) {
            if (url != null) {
                dropShardMaps(url);
            }
        }
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String one(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String dbName(String url) throws SQLException {
        return one(url, "SELECT DB_NAME()");
    }

    /** Writes a row for key {@code id} through the sharded data source; @return the database that took it. */
    private static String write(long id, String note) throws SQLException {
        return Sharding.withKey(map.name(), id, () -> Routing.command(() -> {
            try (Connection c = sds.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("MERGE " + TABLE + " AS t USING (VALUES (?, ?)) AS v(id, note)"
                        + " ON t.id = v.id WHEN MATCHED THEN UPDATE SET note = v.note"
                        + " WHEN NOT MATCHED THEN INSERT (id, note) VALUES (v.id, v.note);")) {
                    ps.setLong(1, id);
                    ps.setString(2, note);
                    ps.executeUpdate();
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DB_NAME()")) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }));
    }

    @Test
    void theManagerCreatedBothLocalMapsAndTheGlobalMapInTheirDatabases() throws SQLException {
        for (String url : List.of(shard1, shard2)) {
            assertThat(one(url, "SELECT COUNT(*) FROM cqrs_shard_lsm.shards")).isEqualTo("1");
        }
        assertThat(one(shard1, "SELECT COUNT(*) FROM cqrs_shard_lsm.mappings")).isEqualTo("1");
        assertThat(one(URL, "SELECT COUNT(*) FROM cqrs_shard_gsm.mappings")).isEqualTo("2");
        assertThat(one(URL, "SELECT COUNT(*) FROM cqrs_shard_gsm.operations")).as("nothing left half-done").isEqualTo("0");
        assertThat(map.getMappingForKey(5L).shard()).isEqualTo(s1);
        assertThat(map.getMappingForKey(1000L).shard()).isEqualTo(s2);
        assertThatThrownBy(() -> map.createRangeMapping(Range.of(900L, 1100L), s1))
                .isInstanceOf(ShardMapException.class).hasMessageNotContaining("900");
    }

    @Test
    void keysAreRoutedToTheShardThatHoldsThem() throws SQLException {
        assertThat(write(5, "a")).isEqualTo(dbName(shard1));
        assertThat(write(999, "b")).isEqualTo(dbName(shard1));
        assertThat(write(1000, "c")).isEqualTo(dbName(shard2));
        assertThat(write(123_456, "d")).isEqualTo(dbName(shard2));
        assertThat(one(shard1, "SELECT note FROM " + TABLE + " WHERE id = 999")).isEqualTo("b");
        assertThat(one(shard2, "SELECT note FROM " + TABLE + " WHERE id = 999")).isNull();
        assertThat(one(shard2, "SELECT note FROM " + TABLE + " WHERE id = 1000")).isEqualTo("c");
        assertThat(sds.stats().validations()).isPositive();
    }

    @Test
    void aMappingMovedBehindTheCacheIsDetectedRefreshedAndRetriedNeverUsed() throws SQLException {
        RangeShardMap<Long> other = admin.getRangeShardMap(map.name(), Long.class);
        RangeMapping<Long> m = other.createRangeMapping(Range.of(-1000L, -900L), s1);
        assertThat(write(-950, "before")).isEqualTo(dbName(shard1)); // the client caches -> s1
        long stale = sds.stats().staleMappings();

        other.deleteMapping(other.markMappingOffline(m));
        other.createRangeMapping(Range.of(-1000L, -900L), s2);

        assertThat(write(-950, "after")).isEqualTo(dbName(shard2));
        assertThat(sds.stats().staleMappings()).isEqualTo(stale + 1);
        assertThat(one(shard1, "SELECT note FROM " + TABLE + " WHERE id = -950")).isEqualTo("before");
        assertThat(one(shard2, "SELECT note FROM " + TABLE + " WHERE id = -950")).isEqualTo("after");
    }

    @Test
    void anOfflineMappingIsRefusedUntilItIsBackOnline() throws SQLException {
        RangeShardMap<Long> other = admin.getRangeShardMap(map.name(), Long.class);
        RangeMapping<Long> m = other.createRangeMapping(Range.of(-2000L, -1900L), s2);
        assertThat(write(-1950, "x")).isEqualTo(dbName(shard2));
        long offline = sds.stats().offlineRejections();

        RangeMapping<Long> off = other.markMappingOffline(m); // the client's cache still says ONLINE
        assertThatThrownBy(() -> write(-1950, "refused")).isInstanceOf(ShardMappingOfflineException.class)
                .isInstanceOf(SQLTransientException.class).hasMessageContaining(map.name())
                .hasMessageNotContaining("1950");
        assertThat(sds.stats().offlineRejections()).isEqualTo(offline + 1);
        assertThat(one(shard2, "SELECT note FROM " + TABLE + " WHERE id = -1950")).isEqualTo("x");

        other.markMappingOnline(off);
        assertThat(write(-1950, "back")).isEqualTo(dbName(shard2));
        assertThat(one(shard2, "SELECT note FROM " + TABLE + " WHERE id = -1950")).isEqualTo("back");
    }

    @Test
    void repairsSayTheyNeedPostgresqlAndDetectionFindsNothingToRepair() {
        RecoveryManager recovery = smm.recoveryManager();
        assertThat(recovery.detectMappingDifferences(ShardLocation.of(shard1))).isEmpty();
        assertThatThrownBy(() -> recovery.detachShard(ShardLocation.of(shard1)))
                .hasMessageContaining("PostgreSQL only");
    }
}
