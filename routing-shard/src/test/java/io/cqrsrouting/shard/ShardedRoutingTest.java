package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.shard.spring.ShardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data-dependent routing on two real replica sets with three shard databases, each with a hot
 * standby: every answer about where a statement ran comes from the database itself
 * ({@code current_database()}, {@code pg_is_in_recovery()}, {@code inet_server_port()}).
 */
class ShardedRoutingTest {

    static final String TABLE = "create table if not exists account (id bigint primary key, note text)";

    static ShardMapManager smm;
    static ShardMapManager admin; // another process's manager: changes the map behind the client's cache
    static RangeShardMap<Long> map;
    static ShardedDataSource sds;
    static Shard s1;
    static Shard s2;
    static Shard s3;
    static String db1;
    static String db2;
    static String db3;

    @BeforeAll
    static void setUp() throws SQLException {
        var gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
        admin = ShardTestbed.manager(gsm);
        db1 = ShardTestbed.newDatabase(A, "acct1");
        db2 = ShardTestbed.newDatabase(B, "acct2");
        db3 = ShardTestbed.newDatabase(B, "acct3");
        for (String url : List.of(A.primaryJdbcUrl(db1), B.primaryJdbcUrl(db2), B.primaryJdbcUrl(db3))) {
            ShardTestbed.exec(url, TABLE);
        }
        map = smm.createRangeShardMap(ShardTestbed.uniqueName("accounts"), Long.class);
        s1 = map.createShard(ShardTestbed.location(A, db1));
        s2 = map.createShard(ShardTestbed.location(B, db2));
        s3 = map.createShard(ShardTestbed.location(B, db3));
        map.createRangeMapping(Range.of(0L, 100L), s1);
        map.createRangeMapping(Range.of(100L, 200L), s2);
        map.createRangeMapping(Range.from(200L), s3);
        A.awaitReplay(0, Duration.ofSeconds(10));
        B.awaitReplay(0, Duration.ofSeconds(10));
        sds = ShardedDataSource.builder().manager(smm).map(map.name())
                .routerCustomizer(b -> b.poolSize(4).monitorInterval(Duration.ofMillis(100)))
                .fanOutThreads(3).fanOutTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void tearDown() {
        if (sds != null) {
            sds.close();
        }
    }

    /** "db|standby?|port" of the node behind {@code c}, and whether account {@code id} is there. */
    static String where(Connection c) throws SQLException {
        return ShardTestbed.one(c, "select current_database() || '|' || pg_is_in_recovery() || '|' || inet_server_port()");
    }

    static String primaryOf(PostgresReplicaSet set, String db) {
        return db + "|false|" + set.primaryPort();
    }

    static String standbyOf(PostgresReplicaSet set, String db) {
        return db + "|true|" + set.standbyPort(0);
    }

    static String write(long id, String note) throws SQLException {
        return Sharding.withKey(map.name(), id, () -> Routing.command(() -> {
            try (Connection c = sds.getConnection();
                    PreparedStatement ps = c.prepareStatement("insert into account values (?, ?) on conflict (id) do update set note = excluded.note")) {
                ps.setLong(1, id);
                ps.setString(2, note);
                ps.executeUpdate();
                return where(c);
            }
        }));
    }

    /** Reads account {@code id} in the given scope: "where;note". */
    static String read(long id, Routing.Work<String, SQLException> scope) throws SQLException {
        return scope.run();
    }

    static String readNote(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select note from account where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return where(c) + ";" + (rs.next() ? rs.getString(1) : "none");
            }
        }
    }

    static String query(long id) throws SQLException {
        return Sharding.withKey(map.name(), id, () -> Routing.query(() -> {
            try (Connection c = sds.getConnection()) {
                return readNote(c, id);
            }
        }));
    }

    static long countEverywhere(long id) throws SQLException {
        long n = 0;
        for (String url : List.of(A.primaryJdbcUrl(db1), B.primaryJdbcUrl(db2), B.primaryJdbcUrl(db3))) {
            n += Long.parseLong(ShardTestbed.one(url, "select count(*) from account where id = " + id));
        }
        return n;
    }

    @Test
    void eachKeysWritesGoToItsShardsPrimaryAndReadsToItsStandby() throws SQLException {
        long[] keys = {5, 99, 100, 150, 199, 200, 9_999_999};
        String[] dbs = {db1, db1, db2, db2, db2, db3, db3};
        PostgresReplicaSet[] sets = {A, A, B, B, B, B, B};
        for (int i = 0; i < keys.length; i++) {
            assertThat(write(keys[i], "n" + keys[i])).isEqualTo(primaryOf(sets[i], dbs[i]));
        }
        A.awaitReplay(0, Duration.ofSeconds(10));
        B.awaitReplay(0, Duration.ofSeconds(10));
        for (int i = 0; i < keys.length; i++) {
            assertThat(query(keys[i])).isEqualTo(standbyOf(sets[i], dbs[i]) + ";n" + keys[i]);
            assertThat(countEverywhere(keys[i])).as("exactly one copy of %s", keys[i]).isEqualTo(1);
        }
        assertThat(sds.stats().validations()).isGreaterThanOrEqualTo(2L * keys.length);
        assertThat(sds.stats().perShard()).containsKeys(s1.id(), s2.id(), s3.id());
    }

    @Test
    void metersCountLookupsValidationsAndConnectionsPerShardAndShardsReportHealth() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ShardMetrics(sds).bindTo(registry);
        String shard3 = s3.location().primaryJdbcUrl();
        double before = registry.get("cqrs.shard.connections").tag("shard", shard3).functionCounter().count();
        double checked = registry.get("cqrs.shard.validations").tag("outcome", "checked").functionCounter().count();
        write(333, "metered");
        assertThat(registry.get("cqrs.shard.connections").tag("shard", shard3).functionCounter().count()).isEqualTo(before + 1);
        assertThat(registry.get("cqrs.shard.validations").tag("outcome", "checked").functionCounter().count()).isEqualTo(checked + 1);
        assertThat(registry.get("cqrs.shard.cache").tag("result", "hit").functionCounter().count())
                .isEqualTo(sds.stats().cacheHits()).isPositive();
        assertThat(sds.router(s1).awaitMonitor(1, 5_000)).isTrue();
        assertThat(sds.router(s2).awaitMonitor(1, 5_000)).isTrue();
        assertThat(sds.router(s3).awaitMonitor(1, 5_000)).isTrue();
        assertThat(sds.health()).allSatisfy(h -> assertThat(h.up()).isTrue()).extracting(ShardHealth::replicas)
                .containsOnly(1);
        assertThat(registry.get("cqrs.shard.up").tag("shard", shard3).gauge().value()).isEqualTo(1.0);
        assertThat(registry.getMeters().toString()).doesNotContain(A.password());
    }

    @Test
    void noKeyOrAWrongKeyTypeFailsNamingTheMap() {
        assertThatThrownBy(() -> sds.getConnection()).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("no shard key for map " + map.name());
        assertThatThrownBy(() -> Sharding.withKey(map.name(), "secret-value", () -> sds.getConnection()))
                .isInstanceOf(ShardMapException.class).hasMessageContaining("takes Long keys, not String")
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> Sharding.withKey(map.name(), -5L, () -> sds.getConnection()))
                .isInstanceOf(ShardMapException.class).hasMessageContaining("no mapping for the given Long key")
                .hasMessageNotContaining("-5");
        assertThatThrownBy(() -> Sharding.withKey(map.name(), null, () -> 1)).hasMessageContaining(map.name());
    }

    @Test
    void aMappingMovedBehindTheCacheIsDetectedRefreshedAndRetriedNeverUsed() throws SQLException {
        RangeShardMap<Long> other = admin.getRangeShardMap(map.name(), Long.class);
        RangeMapping<Long> m = other.createRangeMapping(Range.of(-1000L, -900L), s1);
        assertThat(write(-950, "before")).isEqualTo(primaryOf(A, db1)); // the client caches -> s1
        long stale = sds.stats().staleMappings();

        // another manager moves the range to s3 (offline, delete, re-create elsewhere)
        other.deleteMapping(other.markMappingOffline(m));
        other.createRangeMapping(Range.of(-1000L, -900L), s3);

        assertThat(write(-950, "after")).isEqualTo(primaryOf(B, db3));
        assertThat(sds.stats().staleMappings()).isEqualTo(stale + 1);
        assertThat(ShardTestbed.one(A.primaryJdbcUrl(db1), "select note from account where id = -950")).isEqualTo("before");
        assertThat(ShardTestbed.one(B.primaryJdbcUrl(db3), "select note from account where id = -950")).isEqualTo("after");
    }

    @Test
    void aStatusChangeBehindTheCacheIsDetectedByVersionAndAnOfflineMappingIsRefused() throws SQLException {
        RangeShardMap<Long> other = admin.getRangeShardMap(map.name(), Long.class);
        RangeMapping<Long> m = other.createRangeMapping(Range.of(-2000L, -1900L), s2);
        assertThat(write(-1950, "x")).isEqualTo(primaryOf(B, db2));
        long offline = sds.stats().offlineRejections();

        RangeMapping<Long> off = other.markMappingOffline(m); // the client's cache still says ONLINE v1
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> write(-1950, "refused")).isInstanceOf(ShardMappingOfflineException.class)
                    .isInstanceOf(SQLTransientException.class).hasMessageContaining(map.name())
                    .hasMessageContaining("OFFLINE").hasMessageNotContaining("1950");
        }
        assertThat(sds.stats().offlineRejections()).isEqualTo(offline + 2);
        assertThat(ShardTestbed.one(B.primaryJdbcUrl(db2), "select note from account where id = -1950")).isEqualTo("x");

        other.markMappingOnline(off);
        assertThat(write(-1950, "back")).isEqualTo(primaryOf(B, db2));
    }

    @Test
    void fanOutReturnsEveryShardsRowsFromTheStandbys() throws SQLException {
        write(7, "a");
        write(107, "b");
        write(207, "c");
        A.awaitReplay(0, Duration.ofSeconds(10));
        B.awaitReplay(0, Duration.ofSeconds(10));
        List<String> rows = sds.fanOut(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select id, current_database(), pg_is_in_recovery() from account where id in (7, 107, 207)")) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + "@" + rs.getString(2) + ":" + rs.getBoolean(3));
                }
            }
            return out;
        });
        assertThat(rows).containsExactlyInAnyOrder("7@" + db1 + ":true", "107@" + db2 + ":true", "207@" + db3 + ":true");
    }

    @Test
    void fanOutWithAShardDownFailsOrReportsTheMissingShard() throws SQLException {
        String name = ShardTestbed.uniqueName("fan");
        String up = ShardTestbed.newDatabase(A, "fan_up");
        String down = ShardTestbed.newDatabase(B, "fan_down");
        ListShardMap<Integer> fan = smm.createListShardMap(name, Integer.class);
        Shard sUp = fan.createShard(ShardTestbed.location(A, up));
        Shard sDown = fan.createShard(ShardTestbed.location(B, down));
        fan.createPointMapping(1, sUp);
        fan.createPointMapping(2, sDown);
        try (ShardedDataSource fanDs = ShardedDataSource.builder().manager(smm).map(name)
                .routerCustomizer(b -> b.connectionTimeout(Duration.ofSeconds(2))).build()) {
            ShardWork<String> work = c -> List.of(ShardTestbed.one(c, "select current_database()"));
            assertThat(fanDs.fanOut(work)).containsExactlyInAnyOrder(up, down);

            ShardTestbed.exec(B.primaryJdbcUrl("postgres"), "alter database " + down + " allow_connections false");
            B.awaitReplay(0, Duration.ofSeconds(10));
            for (String node : List.of(B.primaryJdbcUrl("postgres"), B.standbyJdbcUrl(0, "postgres"))) {
                ShardTestbed.exec(node, "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + down + "'");
            }
            try {
                assertThatThrownBy(() -> fanDs.fanOut(work)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("failed on shard " + B.primaryJdbcUrl(down));
                FanOutResult<String> partial = fanDs.fanOutPartial(work);
                assertThat(partial.rows()).containsExactly(up);
                assertThat(partial.missingShards()).containsExactly(sDown);
                assertThat(partial.complete()).isFalse();
            } finally {
                ShardTestbed.exec(B.primaryJdbcUrl("postgres"), "alter database " + down + " allow_connections true");
            }
        }
    }

    @Test
    void readYourWritesInsideAShardHoldsAcrossRequests() throws Exception {
        long id = 160; // shard 2, on set B
        assertThat(sds.router(s2).awaitMonitor(2, 5_000)).isTrue();
        B.pauseReplay(0);
        String token;
        try {
            // request 1 on one thread: a command, then the token goes to the client
            token = CompletableFuture.supplyAsync(() -> {
                try {
                    write(id, "mine");
                    return sds.exportToken();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get();
            assertThat(token).contains(s2.id().toString()).doesNotContain(s1.id().toString());
            // request 2 on another thread: the standby has not replayed the write, so it must not serve
            String r2 = CompletableFuture.supplyAsync(() -> consistentRead(id, token)).get();
            assertThat(r2).isEqualTo(primaryOf(B, db2) + ";mine");
            assertThat(query(id)).as("a plain query still goes to the paused standby").startsWith(standbyOf(B, db2));
        } finally {
            B.resumeReplay(0);
        }
        B.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(sds.router(s2).awaitMonitor(2, 5_000)).isTrue();
        String r3 = CompletableFuture.supplyAsync(() -> consistentRead(id, token)).get();
        assertThat(r3).isEqualTo(standbyOf(B, db2) + ";mine");
    }

    static String consistentRead(long id, String token) {
        try {
            return Routing.session(() -> {
                assertThat(sds.importToken(token)).isTrue();
                return Sharding.withKey(map.name(), id, () -> Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0, () -> {
                    try (Connection c = sds.getConnection()) {
                        return readNote(c, id);
                    }
                }));
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
