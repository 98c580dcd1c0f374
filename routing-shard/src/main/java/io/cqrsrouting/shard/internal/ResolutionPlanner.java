package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plans the steps that make one side of a sub-range {@code R} equal to the other.
 *
 * <p>The winning side's mapping {@code w} over {@code R} (if any, and if it may be copied) is
 * copied whole, with its id, to the losing side: every losing row overlapping {@code w}'s extent
 * (or {@code R} when nothing is copied) is deleted and its parts outside that extent are kept as
 * new mappings (new ids, version 1). When the losing side already held {@code w}'s id, the copy
 * takes a version above both and is written to both sides, so every cached copy is outdated.
 * Each resolution makes a region equal on both sides and later ones never undo it, so repeated
 * detection and resolution converges.
 */
final class ResolutionPlanner {

    private ResolutionPlanner() {
    }

    /**
     * @param keepShard true: the shard's LSM wins; false: the GSM wins
     * @param shardId the shard whose LSM is compared
     * @param shardUrl where that LSM is
     * @param low the sub-range's low; @param high its high ({@code null}: +infinity)
     * @param global every GSM mapping of the map, now
     * @param local the shard's LSM mappings of the map, now
     * @param otherShardUrls primary URL of every other registered shard of the map, by id
     * @return the steps, in order
     */
    static List<RecoveryStep> plan(boolean keepShard, UUID shardId, String shardUrl, byte[] low, byte[] high,
            List<MappingRow> global, List<MappingRow> local, Map<UUID, String> otherShardUrls) {
        MappingRow g = only(global, low, high);
        MappingRow l = only(local, low, high);
        MappingRow w = keepShard ? l : g;
        List<MappingRow> losing = keepShard ? global : local;
        boolean copy = w != null && (keepShard || w.shardId().equals(shardId));
        byte[] eLow = copy ? w.low() : low;
        byte[] eHigh = copy ? w.high() : high;

        List<RecoveryStep> steps = new ArrayList<>();
        MappingRow replaced = null;
        for (MappingRow x : losing) {
            if (!Differences.overlaps(x, eLow, eHigh)) {
                continue;
            }
            if (copy && x.id().equals(w.id())) {
                replaced = x;
            }
            List<MappingRow> pieces = new ArrayList<>();
            if (KeyType.compareEncoded(x.low(), eLow) < 0) {
                pieces.add(new MappingRow(UUID.randomUUID(), x.mapId(), x.shardId(), x.low(), eLow, x.status(), 1));
            }
            if (eHigh != null && KeyType.compareEncoded(x.high(), eHigh) > 0) {
                pieces.add(new MappingRow(UUID.randomUUID(), x.mapId(), x.shardId(), eHigh, x.high(), x.status(), 1));
            }
            List<String> targets = new ArrayList<>();
            targets.add(keepShard ? RecoveryStep.GSM : shardUrl);
            if (keepShard && !x.shardId().equals(shardId) && otherShardUrls.containsKey(x.shardId())) {
                // the GSM gives part of another shard's mapping away: that shard's LSM follows
                targets.add(otherShardUrls.get(x.shardId()));
            }
            for (String t : targets) {
                if (replaced != x) {
                    steps.add(new RecoveryStep(t, false, RecoveryStep.Action.DELETE_MAPPING, null, x));
                }
                for (MappingRow p : pieces) {
                    steps.add(new RecoveryStep(t, false, RecoveryStep.Action.PUT_MAPPING, null, p));
                }
            }
        }
        if (copy) {
            boolean bump = replaced != null;
            MappingRow n = bump ? new MappingRow(w.id(), w.mapId(), w.shardId(), w.low(), w.high(), w.status(),
                    Math.max(w.version(), replaced.version()) + 1) : w;
            String winner = keepShard ? shardUrl : RecoveryStep.GSM;
            String loser = keepShard ? RecoveryStep.GSM : shardUrl;
            steps.add(new RecoveryStep(loser, false, RecoveryStep.Action.PUT_MAPPING, null, n));
            if (bump) {
                steps.add(new RecoveryStep(winner, false, RecoveryStep.Action.PUT_MAPPING, null, n));
            }
        }
        return steps;
    }

    /** @return the one row overlapping {@code [low, high)}, or null */
    static MappingRow only(List<MappingRow> rows, byte[] low, byte[] high) {
        MappingRow found = null;
        for (MappingRow m : rows) {
            if (Differences.overlaps(m, low, high)) {
                if (found != null) {
                    throw new ShardStoreException("two mappings overlap one sub-range; detect the differences again");
                }
                found = m;
            }
        }
        return found;
    }
}
