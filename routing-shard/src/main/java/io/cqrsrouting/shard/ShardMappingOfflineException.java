package io.cqrsrouting.shard;

import java.sql.SQLTransientException;

/**
 * A connection was refused because the mapping holding the current shard key is OFFLINE (being
 * moved or repaired). Retryable: the mapping comes back online, possibly on another shard, and the
 * retried call is routed there. The message names the map, never the key.
 */
public class ShardMappingOfflineException extends SQLTransientException {

    private static final long serialVersionUID = 1L;

    /** SQLState of this exception: class 08 would mean connection loss; this is a refusal. */
    public static final String SQL_STATE = "57P03";

    /** @param message what was refused */
    public ShardMappingOfflineException(String message) {
        super(message, SQL_STATE);
    }
}
