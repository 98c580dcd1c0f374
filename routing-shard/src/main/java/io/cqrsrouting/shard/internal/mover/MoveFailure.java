package io.cqrsrouting.shard.internal.mover;

/** A move that cannot start or continue; the message names the problem and never a key value. */
public final class MoveFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MoveFailure(String message) {
        super(message);
    }
}
