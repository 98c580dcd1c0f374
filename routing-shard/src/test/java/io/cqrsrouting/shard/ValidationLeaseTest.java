package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, validation design (b): with {@link ShardValidation#LEASE} a pooled primary connection
 * is validated by its lease (no query per checkout), and a mapping taken OFFLINE behind the
 * client's cache while the leased connection sits idle in the pool is never used: the change ends
 * the lease holder's session before it commits, so the stale client either gets the connection's
 * error on its first statement or, on a fresh connection, the OFFLINE refusal — and the row it
 * tried to write is not in the shard (asked of the database).
 */
class ValidationLeaseTest {

    static final String TABLE = "create table account (id bigint primary key, note text)";
    static ShardMapManager smm;
    static ShardMapManager admin;
    static RangeShardMap<Long> map;
    static RangeShardMap<Long> adminMap;
    static String db1;
    static ShardedDataSource sds;

    @BeforeAll
    static void setUp() throws SQLException {
        DataSource gsm = ShardTestbed.newGsm();
        smm = ShardTestbed.manager(gsm);
        admin = ShardTestbed.manager(gsm);
        db1 = ShardTestbed.newDatabase(A, "lease1");
        String db2 = ShardTestbed.newDatabase(B, "lease2");
        ShardTestbed.exec(A.primaryJdbcUrl(db1), TABLE);
        ShardTestbed.exec(B.primaryJdbcUrl(db2), TABLE);
        map = smm.createRangeShardMap(ShardTestbed.uniqueName("lease"), Long.class);
        map.createRangeMapping(Range.of(0L, 100L), map.createShard(ShardTestbed.location(A, db1)));
        map.createRangeMapping(Range.from(100L), map.createShard(ShardTestbed.location(B, db2)));
        adminMap = admin.getRangeShardMap(map.name(), Long.class);
        A.awaitReplay(0, Duration.ofSeconds(10));
        B.awaitReplay(0, Duration.ofSeconds(10));
        sds = ShardedDataSource.builder().manager(smm).map(map.name()).validation(ShardValidation.LEASE)
                .routerCustomizer(b -> b.poolSize(1).monitorInterval(Duration.ofMillis(100))).build();
    }

    @AfterAll
    static void tearDown() {
        if (sds != null) {
            sds.close();
        }
    }

    /** Runs a command for {@code id}: the session's backend pid after inserting the row. */
    static String write(long id) throws SQLException {
        return Sharding.withKey(map.name(), id, () -> Routing.command(() -> {
            try (Connection c = sds.getConnection();
                    PreparedStatement ps = c.prepareStatement("insert into account values (?, 'x') on conflict do nothing")) {
                ps.setLong(1, id);
                ps.executeUpdate();
                return ShardTestbed.one(c, "select pg_backend_pid()");
            }
        }));
    }

    static boolean rowOnShard1(long id) throws SQLException {
        return "1".equals(ShardTestbed.one(A.primaryJdbcUrl(db1), "select count(*) from account where id = " + id));
    }

    @Test
    void aLeasedConnectionNeedsNoQueryAndAnOfflineBehindTheCacheEndsItBeforeItCanBeUsed() throws Exception {
        ShardRoutingStats stats = sds.stats();
        String pid = write(1);
        long validations = stats.validations();
        long leaseHits = stats.leaseHits();
        assertThat(leaseHits).as("the first checkout took the lease and was valid by it").isPositive();
        for (long id = 2; id <= 5; id++) {
            assertThat(write(id)).as("one pooled connection").isEqualTo(pid);
        }
        assertThat(stats.validations() - validations).isEqualTo(4);
        assertThat(stats.leaseHits() - leaseHits).as("every warm checkout valid by its lease, no query").isEqualTo(4);

        // a query on the shard's standby: no lease there, validated by a query
        for (Shard s : sds.shards()) {
            assertThat(sds.router(s).awaitMonitor(2, 10_000)).as("the shard router's monitor probed").isTrue();
        }
        long hitsBefore = stats.leaseHits();
        String served = Sharding.withKey(map.name(), 1L, () -> Routing.query(() -> {
            try (Connection c = sds.getConnection()) {
                return ShardTestbed.one(c, "select pg_is_in_recovery()");
            }
        }));
        assertThat(served).isEqualTo("t");
        assertThat(stats.leaseHits()).isEqualTo(hitsBefore);

        // another process takes the mapping offline; this data source's cache still says ONLINE
        RangeMapping<Long> m = adminMap.getMappingForKey(7L);
        adminMap.markMappingOffline(m);
        assertThat(ShardTestbed.one(A.primaryJdbcUrl(db1), "select count(*) from pg_stat_activity where pid = " + pid))
                .as("the lease holder's session was ended before the change committed").isEqualTo("0");

        int refusals = 0;
        int connectionErrors = 0;
        for (int attempt = 0; attempt < 3 && refusals == 0; attempt++) {
            try {
                write(7);
            } catch (ShardMappingOfflineException e) {
                refusals++;
            } catch (SQLException | RuntimeException e) {
                connectionErrors++; // the ended session, noticed on its first statement
            }
        }
        assertThat(refusals).as("the OFFLINE mapping is refused once a live connection validates").isEqualTo(1);
        assertThat(connectionErrors).isLessThanOrEqualTo(1);
        assertThat(rowOnShard1(7)).as("nothing written through the stale lease").isFalse();

        adminMap.markMappingOnline(adminMap.getMappingForKey(7L));
        String after = null;
        for (int attempt = 0; attempt < 3 && after == null; attempt++) {
            try {
                after = write(7);
            } catch (SQLException | RuntimeException e) {
                // the online change ended the lease holder again; the next attempt reconnects
            }
        }
        assertThat(after).isNotNull();
        assertThat(rowOnShard1(7)).isTrue();
    }
}
