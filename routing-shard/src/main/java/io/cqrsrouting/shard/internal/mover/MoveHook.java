package io.cqrsrouting.shard.internal.mover;

/** Called around every step of a move; tests use it to kill the mover there. The production hook does nothing. */
@FunctionalInterface
public interface MoveHook {

    /** No-op hook. */
    MoveHook NONE = (step, persisted) -> { };

    /**
     * @param step the step whose work was just done
     * @param persisted false: the work is done but the move's row does not say so yet; true: it does
     */
    void reached(String step, boolean persisted);
}
