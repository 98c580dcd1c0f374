package io.cqrsrouting.shard.internal.mover;

/**
 * The persisted steps of a move. A batch runs PLANNED (mapping edit chosen) → OFFLINE (the
 * batch's mappings are offline on the source) → FENCED (fence committed, old transactions
 * drained) → COPIED (rows on the target, verified) → SWITCHED (mappings point at the target, in
 * both local maps and the global map) → back to NEXT once the source rows are deleted. Each step
 * is persisted after its work, and its work can be redone. The online strategy moves the whole
 * range as one batch and runs NEXT → REPLICATING → SYNCING (rows copied and streamed while the
 * range stays writable) → PLANNED (the range's own mapping carved out, still ONLINE) → CUTOVER
 * (fence, drain, catch-up and switch in one step, nothing persisted in between: see
 * {@code Cutover}) → SWITCHED. Inside CUTOVER the hook is called, unpersisted, at APPROACHED
 * (just before the fence), FENCED (drained) and COPIED (target caught up); SWITCHED is called
 * unpersisted once both local maps switched and persisted once the global map did (both
 * strategies: the move's step is saved in the global map's transaction).
 */
public final class Steps {
    public static final String PREPARED = "PREPARED";
    public static final String NEXT = "NEXT";
    public static final String PLANNED = "PLANNED";
    /** Online: publication and subscription being created for the whole moving range. */
    public static final String REPLICATING = "REPLICATING";
    /** Online: initial copy and streaming running; the range is still ONLINE on the source. */
    public static final String SYNCING = "SYNCING";
    /**
     * Online: not a persisted step but a hook point in CUTOVER: the target has applied a marker
     * committed just before, and the fence comes next.
     */
    public static final String APPROACHED = "APPROACHED";
    /** Online: fence, drain, catch-up and switch, in one step (the write window). */
    public static final String CUTOVER = "CUTOVER";
    public static final String OFFLINE = "OFFLINE";
    public static final String FENCED = "FENCED";
    public static final String COPIED = "COPIED";
    public static final String SWITCHED = "SWITCHED";
    public static final String COALESCE = "COALESCE";
    public static final String DONE = "DONE";
    public static final String ROLLBACK = "ROLLBACK";
    public static final String UNDO_COALESCE = "UNDO_COALESCE";
    public static final String CANCELLED = "CANCELLED";

    private Steps() {
    }
}
