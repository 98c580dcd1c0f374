package io.cqrsrouting.shard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The result of {@link ShardedDataSource#fanOutPartial}: the rows of every shard that answered,
 * and the shards that did not, with why.
 *
 * @param rows the answering shards' rows, concatenated in shard order
 * @param missingShards the shards whose rows are missing (failed, unreachable or too slow), in shard order
 * @param failures why each missing shard is missing: its exception, or a {@link TimeoutException}
 *        when it did not answer within its per-shard deadline or the fan-out deadline
 * @param <T> the row type
 */
public record FanOutResult<T>(List<T> rows, List<Shard> missingShards, Map<Shard, Throwable> failures) {

    /** @return whether every shard answered */
    public boolean complete() {
        return missingShards.isEmpty();
    }

    /** @return the missing shards that did not answer in time (a subset of {@link #missingShards()}) */
    public List<Shard> timedOutShards() {
        return missingShards.stream().filter(s -> failures.get(s) instanceof TimeoutException).toList();
    }
}
