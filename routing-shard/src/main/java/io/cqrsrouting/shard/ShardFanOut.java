package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.FanOutRunner;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardRouters;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link ShardedDataSource#fanOut} and {@link ShardedDataSource#fanOutPartial}: one task per shard. */
final class ShardFanOut implements AutoCloseable {

    private final String mapName;
    private final Snapshots snapshots;
    private final ShardRouters routers;
    private final FanOutRunner runner;

    ShardFanOut(String mapName, Snapshots snapshots, ShardRouters routers, FanOutRunner runner) {
        this.mapName = mapName;
        this.snapshots = snapshots;
        this.routers = routers;
        this.runner = runner;
    }

    <T> FanOutResult<T> run(ShardWork<T> work, boolean partial) throws SQLException {
        Objects.requireNonNull(work, "work");
        Snapshots.Snapshot snap = snapshots.refresh(null);
        List<DataSource> sources = new ArrayList<>();
        for (ShardRow s : snap.shards()) {
            sources.add(routers.get(s));
        }
        List<FanOutRunner.Outcome<T>> outcomes;
        try {
            outcomes = runner.run(sources, work::run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while fanning out over shard map " + mapName, e);
        }
        List<T> rows = new ArrayList<>();
        List<Shard> missing = new ArrayList<>();
        Map<Shard, Throwable> failures = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            FanOutRunner.Outcome<T> o = outcomes.get(i);
            if (o.failure() == null) {
                rows.addAll(o.rows());
                continue;
            }
            Shard shard = new Shard(mapName, snap.shards()[i]);
            if (!partial) {
                String message = "fan-out over shard map " + mapName + " failed on shard "
                        + shard.location().primaryJdbcUrl() + ": " + o.failure();
                throw o.timedOut() ? new SQLTimeoutException(message, o.failure()) : new SQLException(message, o.failure());
            }
            missing.add(shard);
            failures.put(shard, o.failure());
        }
        return new FanOutResult<>(List.copyOf(rows), List.copyOf(missing), java.util.Collections.unmodifiableMap(failures));
    }

    @Override
    public void close() {
        runner.close();
    }
}
