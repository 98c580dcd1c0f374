package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A mapping edit decided before it is applied and persisted with the move, so a redo after a
 * crash applies exactly the same edit (fresh mapping ids are chosen once). Local maps are
 * written in {@code shardOrder}, then the global map.
 */
record Plan(List<UUID> shardOrder, List<Del> deletes, List<MappingRow> puts) {

    /** A mapping to delete from a shard's local map and from the global map. */
    record Del(UUID shard, UUID mapping) {
    }

    boolean isEmpty() {
        return deletes.isEmpty() && puts.isEmpty();
    }

    String encode() {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        for (UUID s : shardOrder) {
            sb.append("S ").append(s).append('\n');
        }
        for (Del d : deletes) {
            sb.append("D ").append(d.shard()).append(' ').append(d.mapping()).append('\n');
        }
        for (MappingRow m : puts) {
            sb.append("P ").append(m.id()).append(' ').append(m.mapId()).append(' ').append(m.shardId()).append(' ')
                    .append(hex.formatHex(m.low())).append(' ').append(m.high() == null ? "-" : hex.formatHex(m.high()))
                    .append(' ').append(m.status()).append(' ').append(m.version()).append('\n');
        }
        return sb.toString();
    }

    static Plan decode(String text) {
        HexFormat hex = HexFormat.of();
        List<UUID> order = new ArrayList<>();
        List<Del> deletes = new ArrayList<>();
        List<MappingRow> puts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            switch (f[0]) {
                case "S" -> order.add(UUID.fromString(f[1]));
                case "D" -> deletes.add(new Del(UUID.fromString(f[1]), UUID.fromString(f[2])));
                default -> puts.add(new MappingRow(UUID.fromString(f[1]), UUID.fromString(f[2]), UUID.fromString(f[3]),
                        hex.parseHex(f[4]), "-".equals(f[5]) ? null : hex.parseHex(f[5]), f[6], Long.parseLong(f[7])));
            }
        }
        return new Plan(order, deletes, puts);
    }

    /** Builds a plan; shards are written in the order they are first named. */
    static final class Builder {
        private final Set<UUID> order = new LinkedHashSet<>();
        private final List<Del> deletes = new ArrayList<>();
        private final List<MappingRow> puts = new ArrayList<>();

        Builder shard(UUID shard) {
            order.add(shard);
            return this;
        }

        Builder delete(UUID shard, UUID mapping) {
            order.add(shard);
            deletes.add(new Del(shard, mapping));
            return this;
        }

        Builder put(MappingRow m) {
            order.add(m.shardId());
            puts.add(m);
            return this;
        }

        Plan build() {
            return new Plan(List.copyOf(order), List.copyOf(deletes), List.copyOf(puts));
        }
    }
}
