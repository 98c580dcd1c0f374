package io.cqrsrouting.shard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.shard.internal.Differences.Diff;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sub-range comparison on its own: cuts, merging of adjacent pieces, other shards, +infinity, points. */
class DifferencesTest {

    static final UUID MAP = UUID.randomUUID();
    static final UUID S = UUID.randomUUID();
    static final UUID T = UUID.randomUUID();

    static MappingRow row(UUID id, UUID shard, Integer low, Integer high, String status, long version) {
        return new MappingRow(id, MAP, shard, KeyType.INTEGER.encode(low), high == null ? null : KeyType.INTEGER.encode(high),
                status, version);
    }

    static List<String> text(List<Diff> diffs) {
        return diffs.stream().map(d -> d.kind() + " " + KeyType.INTEGER.decode(d.low()) + "-"
                + (d.high() == null ? "inf" : KeyType.INTEGER.decode(d.high()))).toList();
    }

    @Test
    void equalMapsHaveNoDifference() {
        UUID a = UUID.randomUUID();
        List<MappingRow> rows = List.of(row(a, S, 0, 10, "ONLINE", 1), row(UUID.randomUUID(), S, 10, null, "OFFLINE", 3));
        assertThat(Differences.compare(S, rows, rows)).isEmpty();
        assertThat(Differences.compare(S, List.of(), List.of())).isEmpty();
    }

    @Test
    void everyKindWithExactBoundsAndOtherShardsIgnoredOutsideTheLocalMap() {
        UUID g1 = UUID.randomUUID();
        UUID g2 = UUID.randomUUID();
        UUID t1 = UUID.randomUUID();
        UUID l1 = UUID.randomUUID();
        List<MappingRow> global = List.of(
                row(g1, S, 0, 10, "ONLINE", 1),
                row(g2, S, 10, 20, "ONLINE", 1),
                row(t1, T, 20, 40, "ONLINE", 1),
                row(UUID.randomUUID(), T, 40, null, "ONLINE", 1));
        List<MappingRow> local = List.of(
                row(g1, S, 0, 10, "ONLINE", 2),     // same id, other version
                row(l1, S, 15, 25, "ONLINE", 1),    // over the end of g2 and into t1
                row(UUID.randomUUID(), S, 100, null, "ONLINE", 1)); // inside T's unbounded mapping
        assertThat(text(Differences.compare(S, global, local))).containsExactly(
                "CONFLICT 0-10", "GLOBAL_ONLY 10-15", "CONFLICT 15-20", "CONFLICT 20-25", "CONFLICT 100-inf");
        // the same local map seen from T's side: only T's own global mappings without local rows count
        assertThat(text(Differences.compare(T, global, List.of()))).containsExactly("GLOBAL_ONLY 20-40", "GLOBAL_ONLY 40-inf");
    }

    @Test
    void adjacentPiecesHeldByTheSamePairMergeAndAGapSplits() {
        UUID g = UUID.randomUUID();
        // local rows [0,5) and [5,10) both inside nothing global: two SHARD_ONLY pieces (different rows)
        List<Diff> d = Differences.compare(S, List.of(row(g, S, 20, 30, "ONLINE", 1)),
                List.of(row(UUID.randomUUID(), S, 0, 5, "ONLINE", 1), row(UUID.randomUUID(), S, 5, 10, "ONLINE", 1)));
        assertThat(text(d)).containsExactly("SHARD_ONLY 0-5", "SHARD_ONLY 5-10", "GLOBAL_ONLY 20-30");
        // one local row cut by an unrelated global bound stays one piece per (global, local) pair
        UUID wide = UUID.randomUUID();
        List<Diff> e = Differences.compare(S, List.of(row(g, T, 5, 8, "ONLINE", 1)),
                List.of(row(wide, S, 0, 10, "ONLINE", 1)));
        assertThat(text(e)).containsExactly("SHARD_ONLY 0-5", "CONFLICT 5-8", "SHARD_ONLY 8-10");
    }

    @Test
    void pointMappingsCompareAsOneKeyRanges() {
        byte[] k = KeyType.STRING.encode("tenant-7");
        MappingRow p = new MappingRow(UUID.randomUUID(), MAP, S, k, KeyType.successor(k), "ONLINE", 1);
        MappingRow q = new MappingRow(p.id(), MAP, S, k, KeyType.successor(k), "OFFLINE", 2);
        List<Diff> d = Differences.compare(S, List.of(p), List.of(q));
        assertThat(d).hasSize(1);
        assertThat(KeyType.STRING.decode(d.get(0).low())).isEqualTo("tenant-7");
        assertThat(d.get(0).kind()).isEqualTo(Differences.Kind.CONFLICT);
    }
}
