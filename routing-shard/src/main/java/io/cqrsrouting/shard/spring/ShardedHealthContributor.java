package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.Shard;
import io.cqrsrouting.shard.ShardedDataSource;
import io.cqrsrouting.spring.health.RouterHealthContributor;

import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * Boot's {@code db} entry of one {@link ShardedDataSource}: one child per shard, named by the
 * shard's id, each that shard's router as its monitor sees it ({@link RouterHealthContributor}:
 * {@code writes}, {@code primary}, {@code replica-1} ...). So
 * {@code db/<bean>/<shard id>/primary} is one shard's primary, and a shard that is down turns
 * only its own entry (and the aggregates above it) DOWN. No query runs through the sharded data
 * source (a health check has no shard key); shards are read at every check, so a shard added
 * later appears.
 */
public final class ShardedHealthContributor implements CompositeHealthContributor {

    private final ShardedDataSource dataSource;

    /** @param dataSource the sharded data source to report on */
    public ShardedHealthContributor(ShardedDataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public HealthContributor getContributor(String name) {
        for (Shard s : dataSource.shards()) {
            if (s.id().toString().equals(name)) {
                return new RouterHealthContributor(dataSource.router(s));
            }
        }
        return null;
    }

    @Override
    public Stream<Entry> stream() {
        return dataSource.shards().stream()
                .map(s -> new Entry(s.id().toString(), new RouterHealthContributor(dataSource.router(s))));
    }
}
