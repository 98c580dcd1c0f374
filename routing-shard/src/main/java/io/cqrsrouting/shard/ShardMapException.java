package io.cqrsrouting.shard;

/**
 * A shard map operation that cannot be done: unknown map, wrong key type, a key with no mapping,
 * an overlapping range, a stale mapping, an unreachable shard. The message names the map and the
 * key type, never a key value (keys may be personal data).
 */
public class ShardMapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do */
    public ShardMapException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do
     * @param cause the underlying failure
     */
    public ShardMapException(String message, Throwable cause) {
        super(message, cause);
    }
}
