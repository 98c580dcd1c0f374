package io.cqrsrouting.shard;

import java.util.List;

/**
 * The result of {@link ShardedDataSource#fanOutPartial}: the rows of every shard that answered,
 * and the shards that did not.
 *
 * @param rows the answering shards' rows, concatenated in shard order
 * @param missingShards the shards whose rows are missing (failed, unreachable or too slow)
 * @param <T> the row type
 */
public record FanOutResult<T>(List<T> rows, List<Shard> missingShards) {

    /** @return whether every shard answered */
    public boolean complete() {
        return missingShards.isEmpty();
    }
}
