package io.cqrsrouting.shard.internal;

/** A refused or impossible shard map change; the message names the map, never a key value. */
public final class ShardStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ShardStoreException(String message) {
        super(message);
    }

    public ShardStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
