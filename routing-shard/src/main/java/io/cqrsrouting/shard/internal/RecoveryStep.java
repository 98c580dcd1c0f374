package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

/**
 * One idempotent step of a logged repair: a write to the GSM ({@link #GSM}) or to the LSM of the
 * shard database at a primary URL. Puts are version-guarded (an older row never replaces a newer
 * one), deletes go by id, so redoing the steps of an interrupted repair in order is harmless.
 *
 * @param target {@link #GSM} or a shard primary's JDBC URL
 * @param bestEffort a shard target that may be skipped when it cannot be reached or is read-only
 *        (the fence on the old primary of a failover)
 * @param action what to do
 * @param shard the shard row (PUT_SHARD, DELETE_SHARD), else null
 * @param mapping the mapping row (PUT_MAPPING, DELETE_MAPPING), else null
 */
public record RecoveryStep(String target, boolean bestEffort, Action action, ShardRow shard, MappingRow mapping) {

    /** The target naming the global shard map. */
    public static final String GSM = "GSM";

    /** Step actions. */
    public enum Action {
        /** Insert or replace (all columns) a mapping unless the target holds a newer version of it. */
        PUT_MAPPING,
        /** Delete a mapping by id. */
        DELETE_MAPPING,
        /** GSM only: insert or relocate a shard unless the GSM holds a newer version of it. */
        PUT_SHARD,
        /** GSM only: delete a shard row (its mappings are deleted by earlier steps). */
        DELETE_SHARD,
        /** Shard only: end every other session on the shard database (after the fence commits). */
        END_SESSIONS
    }

    static RecoveryStep gsmPut(MappingRow m) {
        return new RecoveryStep(GSM, false, Action.PUT_MAPPING, null, m);
    }

    static RecoveryStep gsmDelete(MappingRow m) {
        return new RecoveryStep(GSM, false, Action.DELETE_MAPPING, null, m);
    }

    static RecoveryStep lsmPut(String url, MappingRow m) {
        return new RecoveryStep(url, false, Action.PUT_MAPPING, null, m);
    }

    static RecoveryStep lsmDelete(String url, MappingRow m) {
        return new RecoveryStep(url, false, Action.DELETE_MAPPING, null, m);
    }
}
