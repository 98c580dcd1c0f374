package io.cqrsrouting.shard.internal;

/**
 * Called between the steps of a change that spans the GSM and an LSM; tests use it to crash the
 * manager there. The production hook does nothing.
 */
@FunctionalInterface
public interface StepHook {

    /** Where a logged operation stands. */
    enum Step {
        /** The operation is in the GSM's log; no LSM and no GSM map table has changed yet. */
        LOGGED,
        /** The LSM holds the change; the GSM tables do not yet. */
        LOCAL_DONE
    }

    /** No-op hook. */
    StepHook NONE = (kind, step) -> { };

    /**
     * @param kind the operation ({@code ADD_SHARD}, {@code ADD_MAPPING}, {@code SET_STATUS}, {@code REMOVE_MAPPING})
     * @param step the step just completed
     */
    void reached(String kind, Step step);
}
