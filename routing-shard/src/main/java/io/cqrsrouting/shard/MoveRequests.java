package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.mover.Interval;
import io.cqrsrouting.shard.internal.mover.MoveRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Turns split/merge/move requests into a move record: source, target, key span, and what moves. */
final class MoveRequests {

    /** A resolved request: the record and the intervals that will move (for the preconditions). */
    record Resolved(MoveRecord record, List<Interval> moving, boolean coalesceOnly) {
    }

    private final ShardMap<?, ?> map;

    MoveRequests(ShardMap<?, ?> map) {
        this.map = map;
    }

    Resolved split(Object low, Object high, Object at, Shard target) {
        byte[] lo = map.encode(low);
        byte[] hi = high == null ? null : map.encode(high);
        byte[] cut = map.encode(at);
        if (KeyType.compareEncoded(cut, lo) <= 0 || (hi != null && KeyType.compareEncoded(cut, hi) >= 0)) {
            throw fail("split", "the split key must lie strictly inside the source range");
        }
        if (map instanceof RangeShardMap) {
            MappingRow m = exact("split", lo, hi, "the source range");
            MoveRecord r = record("SPLIT", m.shardId(), target, cut, m.high());
            r.undoLow = m.low();
            r.undoHigh = m.high();
            return new Resolved(r, List.of(new Interval(cut, m.high(), false)), false);
        }
        List<MappingRow> points = points(cut, hi);
        UUID source = oneShard("split", points, "the points from the split key to the end of the source range");
        return new Resolved(record("SPLIT", source, target, cut, hi), intervals(points), false);
    }

    Resolved merge(Object leftLow, Object leftHigh, Object rightLow, Object rightHigh) {
        byte[] ll = map.encode(leftLow);
        byte[] lh = leftHigh == null ? null : map.encode(leftHigh);
        byte[] rl = map.encode(rightLow);
        byte[] rh = rightHigh == null ? null : map.encode(rightHigh);
        if (lh == null || !Arrays.equals(lh, rl)) {
            throw fail("merge", "the left range must end where the right range starts");
        }
        if (map instanceof RangeShardMap) {
            MappingRow left = exact("merge", ll, lh, "the left range");
            MappingRow right = exact("merge", rl, rh, "the right range");
            MoveRecord r = record("MERGE", right.shardId(), shard(left.shardId()), rl, rh);
            r.doneLow = ll;
            return new Resolved(r, List.of(new Interval(rl, rh, false)), left.shardId().equals(right.shardId()));
        }
        UUID target = oneShard("merge", points(ll, lh), "the points of the left range");
        List<MappingRow> right = points(rl, rh);
        UUID source = oneShard("merge", right, "the points of the right range");
        MoveRecord r = record("MERGE", source, shard(target), rl, rh);
        return new Resolved(r, intervals(right), source.equals(target));
    }

    Resolved move(Object key, Shard target) {
        MappingRow m = map.call(() -> map.store.mappingFor(map.row.id(), map.encode(key)));
        if (m == null) {
            throw fail("move", "no mapping holds the key");
        }
        boolean list = map instanceof ListShardMap;
        MoveRecord r = record("MOVE", m.shardId(), target, m.low(), list ? KeyType.successor(m.low()) : m.high());
        return new Resolved(r, List.of(Interval.of(m, list)), false);
    }

    private MoveRecord record(String kind, UUID source, Shard target, byte[] low, byte[] high) {
        if (source.equals(target.id()) && !"MERGE".equals(kind)) {
            throw fail(kind.toLowerCase(), "the target is the shard that holds the keys already");
        }
        MoveRecord r = new MoveRecord();
        r.id = UUID.randomUUID();
        r.mapId = map.row.id();
        r.mapName = map.name();
        r.kind = kind;
        r.list = map instanceof ListShardMap;
        r.keyType = map.type();
        r.source = source;
        r.target = target.id();
        r.spanLow = low;
        r.spanHigh = high;
        r.doneLow = low;
        r.doneHigh = high;
        r.undoLow = low;
        r.undoHigh = high;
        return r;
    }

    private MappingRow exact(String op, byte[] low, byte[] high, String what) {
        MappingRow m = map.call(() -> map.store.mappingFor(map.row.id(), low));
        if (m == null || !Arrays.equals(m.low(), low) || !Arrays.equals(m.high(), high)) {
            throw fail(op, what + " is not exactly the range of one mapping");
        }
        if (!"ONLINE".equals(m.status())) {
            throw fail(op, what + " is offline");
        }
        return m;
    }

    /** The point mappings with keys in {@code [low, high)}. */
    private List<MappingRow> points(byte[] low, byte[] high) {
        List<MappingRow> out = new ArrayList<>();
        for (MappingRow m : map.call(() -> map.store.mappings(map.row.id()))) {
            if (KeyType.compareEncoded(m.low(), low) >= 0 && (high == null || KeyType.compareEncoded(m.low(), high) < 0)) {
                out.add(m);
            }
        }
        return out;
    }

    private UUID oneShard(String op, List<MappingRow> points, String what) {
        if (points.isEmpty()) {
            throw fail(op, what + ": none is mapped");
        }
        UUID shard = points.get(0).shardId();
        for (MappingRow m : points) {
            if (!m.shardId().equals(shard)) {
                throw fail(op, what + " lie on more than one shard");
            }
            if (!"ONLINE".equals(m.status())) {
                throw fail(op, what + ": one of them is offline");
            }
        }
        return shard;
    }

    private static List<Interval> intervals(List<MappingRow> points) {
        List<Interval> out = new ArrayList<>();
        for (MappingRow m : points) {
            out.add(Interval.of(m, true));
        }
        return out;
    }

    private Shard shard(UUID id) {
        for (Shard s : map.shards()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw fail("move", "a mapping names an unknown shard");
    }

    private ShardMoveException fail(String op, String why) {
        return new ShardMoveException("cannot " + op + " in shard map " + map.name() + " ("
                + map.type().displayName() + " keys): " + why);
    }
}
