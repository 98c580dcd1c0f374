package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: every pool a sharded data source builds has its own name,
 * {@code cqrs-<map>-<shard id>-<endpoint>}, instead of HikariCP's {@code HikariPool-N} or one name
 * shared by all shards — so pool meters and MBeans tell the shards apart — and a second data source
 * over the same map does not reuse a live pool's name.
 */
class ShardPoolNamesTest {

    @Test
    void shardPoolsAreNamedByMapShardAndEndpointAndUniqueInTheJvm() throws Exception {
        ShardMapManager smm = ShardTestbed.manager(ShardTestbed.newGsm());
        String mapName = ShardTestbed.uniqueName("pools");
        ListShardMap<Integer> map = smm.createListShardMap(mapName, Integer.class);
        Shard s1 = map.createShard(ShardTestbed.location(A, ShardTestbed.newDatabase(A, "pool1")));
        Shard s2 = map.createShard(ShardTestbed.location(B, ShardTestbed.newDatabase(B, "pool2")));
        map.createPointMapping(1, s1);
        map.createPointMapping(2, s2);
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        try (ShardedDataSource one = dataSource(smm, mapName, first);
                ShardedDataSource two = dataSource(smm, mapName, second)) {
            for (ShardedDataSource ds : List.of(one, two)) {
                for (int key : new int[] {1, 2}) {
                    Sharding.withKey(mapName, key, () -> Routing.command(() -> {
                        try (Connection c = ds.getConnection()) {
                            return ShardTestbed.one(c, "select 1");
                        }
                    }));
                }
            }
            String label = mapName.toLowerCase(java.util.Locale.ROOT);
            assertThat(first).containsExactlyInAnyOrder(
                    "cqrs-" + label + "-" + s1.id() + "-primary", "cqrs-" + label + "-" + s1.id() + "-replica-1",
                    "cqrs-" + label + "-" + s2.id() + "-primary", "cqrs-" + label + "-" + s2.id() + "-replica-1");
            assertThat(second).hasSize(4).doesNotContainAnyElementsOf(first)
                    .allSatisfy(n -> assertThat(n).matches("cqrs-" + label + "-[0-9a-f-]{36}-(primary|replica-1)-2"));
        }
    }

    static ShardedDataSource dataSource(ShardMapManager smm, String map, Set<String> names) {
        return ShardedDataSource.builder().manager(smm).map(map)
                .routerCustomizer(b -> b.poolSize(2).monitorInterval(Duration.ofMillis(200))
                        .poolCustomizer(config -> names.add(config.getPoolName())))
                .build();
    }
}
