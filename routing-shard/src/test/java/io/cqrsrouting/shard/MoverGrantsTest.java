package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.MoveFixture.LONG_SCHEMA;
import static io.cqrsrouting.shard.MoveFixture.count;
import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mover run as a user with exactly the privileges docs/sharding-moves.md lists ("Privileges of
 * the mover's user"), not a superuser: the application's tables and local shard maps belong to an
 * owner role (the application's), and the mover's role has membership in it, pg_monitor,
 * pg_signal_backend, REPLICATION and pg_create_subscription. An online split and an offline merge
 * back both complete with every row on its shard exactly once. With any one of those grants
 * missing, the move is refused before anything changes, naming the missing privilege.
 */
class MoverGrantsTest {

    static final String SUFFIX = Long.toHexString(System.nanoTime() & 0xffffff);
    static final String OWNER = "app_owner_" + SUFFIX;
    static final String MOVER = "mover_" + SUFFIX;
    static final String PASSWORD = "pw-" + UUID.randomUUID();

    static DataSource gsm;
    static ShardMapManager app;
    static ShardMapManager moverManager;
    static String refusedSrc;
    static String refusedDst;
    static RangeShardMap<Long> refusedMap;

    @BeforeAll
    static void setUp() throws SQLException {
        for (PostgresReplicaSet set : List.of(A, B)) {
            admin(set, "create role " + OWNER + " login password '" + PASSWORD + "'");
            admin(set, "create role " + MOVER + " login password '" + PASSWORD + "'");
            grantAll(set);
        }
        gsm = ShardTestbed.newGsm();
        // the application's manager works as the owner role (it creates the local shard maps), the
        // mover's as the mover role; both keep the shard-map-manager database's pool
        app = ShardMapManager.builder().globalMap(gsm).credentials(OWNER, PASSWORD).build();
        moverManager = ShardMapManager.builder().globalMap(gsm).credentials(MOVER, PASSWORD).build();
    }

    @AfterAll
    static void tearDown() {
        app.close();
        moverManager.close();
    }

    /** Exactly the grants of docs/sharding-moves.md, "Privileges of the mover's user". */
    static void grantAll(PostgresReplicaSet set) throws SQLException {
        admin(set, "grant " + OWNER + " to " + MOVER);
        admin(set, "grant pg_monitor to " + MOVER);
        admin(set, "grant pg_signal_backend to " + MOVER);
        admin(set, "alter role " + MOVER + " replication");
        admin(set, "grant pg_create_subscription to " + MOVER);
    }

    static void admin(PostgresReplicaSet set, String sql) throws SQLException {
        MoveFixture.exec(set.primaryJdbcUrl("postgres"), sql);
    }

    /** A shard database whose schema belongs to the owner role, which may create the local shard map in it. */
    static String ownedShardDb(PostgresReplicaSet set, String prefix) throws SQLException {
        String db = MoveFixture.shardDb(set, prefix, "bigint");
        String url = set.primaryJdbcUrl(db);
        MoveFixture.exec(url, "grant create on database " + db + " to " + OWNER);
        MoveFixture.exec(url, "alter schema app owner to " + OWNER);
        for (String t : List.of("customers", "orders", "countries")) {
            MoveFixture.exec(url, "alter table app." + t + " owner to " + OWNER);
        }
        return db;
    }

    RangeShardMap<Long> seeded(String src) throws SQLException {
        RangeShardMap<Long> map = app.createRangeShardMap(ShardTestbed.uniqueName("grants"), Long.class);
        map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, src)));
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 5));
        MoveFixture.seedCountries(A.primaryJdbcUrl(src));
        MoveFixture.exec(A.primaryJdbcUrl(src), "alter table app.orders replica identity full");
        return map;
    }

    static ShardMover mover(String map, MoveStrategy strategy) {
        return ShardMover.builder().manager(moverManager).map(map).schema(LONG_SCHEMA).strategy(strategy)
                .batchSize(500).drainTimeout(Duration.ofSeconds(2)).catchUpTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aMoverWithTheDocumentedGrantsMovesOnlineAndOffline() throws Exception {
        String src = ownedShardDb(A, "gr_src");
        String dst = ownedShardDb(B, "gr_dst");
        RangeShardMap<Long> map = seeded(src);
        Map<String, String> before = rows(A.primaryJdbcUrl(src));
        // the target becomes a shard of the map through the application's manager (its local map is the owner's)
        map.createShard(ShardTestbed.location(B, dst));

        MoveOperation split = mover(map.name(), MoveStrategy.ONLINE)
                .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst));
        MoveStatus online = split.await(Duration.ofSeconds(120));
        assertThat(online.state()).as(online.detail()).isEqualTo(MoveState.COMPLETED);
        assertThat(online.detail()).doesNotContain("copied under the fence"); // replication itself worked
        assertThat(rows(B.primaryJdbcUrl(dst)).keySet()).allMatch(k -> Long.parseLong(k) >= 500).hasSize(100);
        Map<String, String> all = new HashMap<>(rows(A.primaryJdbcUrl(src)));
        all.putAll(rows(B.primaryJdbcUrl(dst)));
        assertThat(all).isEqualTo(before);
        OnlineMoveTest.assertNothingLeft(split.id(), src, dst);
        // the mover, not a superuser, did it: it created the fence's table
        assertThat(ShardTestbed.one(A.primaryJdbcUrl(src), "select tableowner from pg_tables where schemaname ="
                + " 'cqrs_shard_lsm' and tablename = 'fences'")).isEqualTo(MOVER);

        MoveStatus offline = mover(map.name(), MoveStrategy.OFFLINE_BATCHES)
                .merge(Range.of(0L, 500L), Range.of(500L, 1000L)).await(Duration.ofSeconds(120));
        assertThat(offline.state()).as(offline.detail()).isEqualTo(MoveState.COMPLETED);
        assertThat(rows(A.primaryJdbcUrl(src))).isEqualTo(before);
        assertThat(count(B.primaryJdbcUrl(dst), "select count(*) from app.customers")).isZero();
        assertThat(map.mappings()).singleElement().satisfies(m -> assertThat(m.range()).isEqualTo(Range.of(0L, 1000L)));
        assertThat(app.recoveryManager().detectMappingDifferences(ShardTestbed.location(A, src))).isEmpty();
        assertThat(app.recoveryManager().detectMappingDifferences(ShardTestbed.location(B, dst))).isEmpty();
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource(delimiter = '|', value = {
            "revoke pg_monitor from %s|pg_monitor",
            "revoke pg_signal_backend from %s|pg_signal_backend",
            "alter role %s noreplication|REPLICATION",
            "revoke pg_create_subscription from %s|pg_create_subscription",
            "revoke %o from %s|USAGE on schema app on the source shard (membership in the role that owns"})
    void aMissingGrantIsNamedBeforeAnythingMoves(String revoke, String named) throws Exception {
        if (refusedMap == null) { // one pair of shards for every case: a refused move changes nothing
            refusedSrc = ownedShardDb(A, "gm_src");
            refusedDst = ownedShardDb(B, "gm_dst");
            refusedMap = seeded(refusedSrc);
        }
        String src = refusedSrc;
        String dst = refusedDst;
        RangeShardMap<Long> map = refusedMap;
        List<RangeMapping<Long>> mappings = map.mappings();
        String sql = revoke.replace("%o", OWNER).replace("%s", MOVER);
        try {
            for (PostgresReplicaSet set : List.of(A, B)) {
                admin(set, sql);
            }
            assertThatThrownBy(() -> mover(map.name(), MoveStrategy.ONLINE)
                    .split(Range.of(0L, 1000L), 500L, ShardTestbed.location(B, dst)))
                    .isInstanceOf(ShardMoveException.class)
                    .hasMessageContaining("the mover's user")
                    .hasMessageContaining(named);
        } finally {
            for (PostgresReplicaSet set : List.of(A, B)) {
                grantAll(set);
            }
        }
        // refused before anything changed: no move recorded, the map as it was, nothing installed
        assertThat(map.mappings()).isEqualTo(mappings);
        try (Connection c = gsm.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from cqrs_shard_gsm.moves m join cqrs_shard_gsm.shard_maps s"
                        + " on s.map_id = m.map_id where s.name = '" + map.name() + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("moves recorded").isZero();
        }
        for (String url : List.of(A.primaryJdbcUrl(src), B.primaryJdbcUrl(dst))) {
            assertThat(count(url, "select count(*) from pg_trigger where tgrelid = 'app.customers'::regclass"
                    + " and not tgisinternal")).isZero();
        }
    }

}
