package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Plans the merge of adjacent ONLINE range mappings of one shard inside a span into one mapping per run. */
final class Coalesce {

    private Coalesce() {
    }

    static void plan(Plan.Builder plan, List<MappingRow> all, UUID shard, byte[] low, byte[] high) {
        List<MappingRow> inside = new ArrayList<>();
        for (MappingRow m : all) {
            if (m.shardId().equals(shard) && "ONLINE".equals(m.status()) && within(m, low, high)) {
                inside.add(m);
            }
        }
        inside.sort((a, b) -> KeyType.compareEncoded(a.low(), b.low()));
        int i = 0;
        while (i < inside.size()) {
            int j = i;
            while (j + 1 < inside.size() && inside.get(j).high() != null
                    && Arrays.equals(inside.get(j).high(), inside.get(j + 1).low())) {
                j++;
            }
            if (j > i) {
                for (int k = i; k <= j; k++) {
                    plan.delete(shard, inside.get(k).id());
                }
                MappingRow first = inside.get(i);
                plan.put(new MappingRow(UUID.randomUUID(), first.mapId(), shard, first.low(), inside.get(j).high(),
                        "ONLINE", 1));
            }
            i = j + 1;
        }
    }

    static boolean within(MappingRow m, byte[] low, byte[] high) {
        if (KeyType.compareEncoded(m.low(), low) < 0) {
            return false;
        }
        if (high == null) {
            return true;
        }
        return m.high() != null && KeyType.compareEncoded(m.high(), high) <= 0;
    }

    /** @return whether {@code m} intersects {@code [low, high)} */
    static boolean intersects(MappingRow m, byte[] low, byte[] high) {
        boolean endsAfterLow = m.high() == null || KeyType.compareEncoded(m.high(), low) > 0;
        boolean startsBeforeHigh = high == null || KeyType.compareEncoded(m.low(), high) < 0;
        return endsAfterLow && startsBeforeHigh;
    }
}
