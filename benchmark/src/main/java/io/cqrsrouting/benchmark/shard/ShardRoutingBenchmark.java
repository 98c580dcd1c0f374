package io.cqrsrouting.benchmark.shard;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.shard.Range;
import io.cqrsrouting.shard.RangeShardMap;
import io.cqrsrouting.shard.Shard;
import io.cqrsrouting.shard.ShardLocation;
import io.cqrsrouting.shard.ShardMapManager;
import io.cqrsrouting.shard.ShardValidation;
import io.cqrsrouting.shard.ShardedDataSource;
import io.cqrsrouting.shard.Sharding;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The cost of routing by shard key, against a plain {@link RoutingDataSource}, with one real
 * database round trip as the unit of work: each operation takes a connection for a query (a hot
 * standby serves it), runs {@code select ?} and closes the connection.
 *
 * <ul>
 * <li>{@code routingDataSource}: a {@code RoutingDataSource} over the shard's primary + standby,
 *     no sharding (the floor: one round trip);</li>
 * <li>{@code sharded}: a {@code ShardedDataSource} over a map of 256 ranges on two shards on the
 *     same embedded set: the key lookup (client cache hit), the shard's router, and the validation
 *     of the connection against the shard's local map by a query at every checkout (validation
 *     design (a), {@code ShardValidation.PER_CHECKOUT}: one more round trip per checkout);</li>
 * <li>{@code shardedLease}: the same with validation leases (design (b),
 *     {@code ShardValidation.LEASE}): a pooled primary connection is valid by its lease, no query;
 *     replica connections are still validated per checkout.</li>
 * </ul>
 * {@code route}: {@code replica} runs the statement as a {@code @Query} (the shard's standby),
 * {@code primary} as a {@code @Consistent} read (the shard's primary, where leases apply).
 * Run with {@code -prof gc} for B/op next to ns/op ({@code ./bench.sh --only shard}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShardRoutingBenchmark {

    static final int RANGES = 256;
    static final long WIDTH = 1000;

    @Param({"routingDataSource", "sharded", "shardedLease"})
    public String mode;

    @Param({"replica", "primary"})
    public String route;

    private PostgresReplicaSet set;
    private HikariDataSource gsm;
    private ShardMapManager manager;
    private ShardedDataSource sharded;
    private RoutingDataSource plain;
    private DataSource target;
    private String mapName;
    private final Long[] keys = new Long[64];
    private int next;
    private RoutingIntent intent;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        set = PostgresReplicaSet.start(1);
        String gsmDb = set.createDatabase("bench_gsm");
        String db1 = set.createDatabase("bench_shard1");
        String db2 = set.createDatabase("bench_shard2");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(set.primaryJdbcUrl(gsmDb));
        c.setUsername(set.username());
        c.setPassword(set.password());
        c.setMaximumPoolSize(2);
        gsm = new HikariDataSource(c);
        manager = ShardMapManager.builder().globalMap(gsm).credentials(set.username(), set.password()).build();
        mapName = "bench";
        RangeShardMap<Long> map = manager.createRangeShardMap(mapName, Long.class);
        Shard s1 = map.createShard(ShardLocation.of(set.primaryJdbcUrl(db1)).withReplicas(set.standbyJdbcUrl(0, db1)));
        Shard s2 = map.createShard(ShardLocation.of(set.primaryJdbcUrl(db2)).withReplicas(set.standbyJdbcUrl(0, db2)));
        if (map.mappings().isEmpty()) {
            for (int i = 0; i < RANGES; i++) {
                map.createRangeMapping(Range.of(i * WIDTH, (i + 1) * WIDTH), i % 2 == 0 ? s1 : s2);
            }
        }
        set.awaitReplay(0, java.time.Duration.ofSeconds(30));
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (long) ((i * 7919) % RANGES) * WIDTH + i; // spread over the ranges, boxed once
        }
        sharded = ShardedDataSource.builder().manager(manager).map(mapName)
                .validation("shardedLease".equals(mode) ? ShardValidation.LEASE : ShardValidation.PER_CHECKOUT)
                .routerCustomizer(b -> b.poolSize(4)).build();
        intent = "primary".equals(route) ? RoutingIntent.consistent() : RoutingIntent.query();
        plain = RoutingDataSource.builder().name("bench-plain").primary(set.primaryJdbcUrl(db1), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0, db1), set.username(), set.password()).poolSize(4).build();
        target = mode.startsWith("sharded") ? sharded : plain;
        // the first probe of each router, so queries go to the standby from the first iteration
        try {
            boolean probed = plain.awaitMonitor(1, 10_000);
            for (Shard s : sharded.shards()) {
                probed &= sharded.router(s).awaitMonitor(1, 10_000);
            }
            if (!probed) {
                throw new IllegalStateException("a router's monitor did not probe within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sharded.close();
        plain.close();
        manager.close();
        gsm.close();
        set.close();
    }

    @Benchmark
    public int query() throws SQLException {
        Long key = keys[next++ & (keys.length - 1)];
        int shardMark = Sharding.enter(mapName, key); // ignored by the plain router
        int mark = Routing.enter(intent);
        try (Connection c = target.getConnection(); PreparedStatement ps = c.prepareStatement("select ?")) {
            ps.setInt(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } finally {
            Routing.exit(mark);
            Sharding.exit(shardMark);
        }
    }
}
