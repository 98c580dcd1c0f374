package io.cqrsrouting.shard;

/**
 * A {@link RecoveryToken} no longer describes the maps: a mapping of its range changed, in the
 * global map or the shard's local map, after it was detected. Detect the differences again.
 */
public final class StaleRecoveryTokenException extends ShardMapException {

    private static final long serialVersionUID = 1L;

    StaleRecoveryTokenException(String message) {
        super(message);
    }
}
