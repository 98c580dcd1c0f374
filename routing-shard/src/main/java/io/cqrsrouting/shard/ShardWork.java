package io.cqrsrouting.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The per-shard part of a multi-shard query ({@link ShardedDataSource#fanOut}): runs on a
 * connection to one shard and returns that shard's rows. The connection is closed afterwards.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface ShardWork<T> {

    /**
     * @param connection a connection to one shard (a replica unless the caller's scope asks otherwise)
     * @return the shard's rows
     * @throws SQLException on failure
     */
    List<T> run(Connection connection) throws SQLException;
}
