package io.cqrsrouting.shard;

/**
 * A move that cannot start (each failed precondition is named in the message) or that failed at
 * a step (resume or cancel it). Never carries a key value.
 */
public final class ShardMoveException extends ShardMapException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do */
    public ShardMoveException(String message) {
        super(message);
    }
}
