package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.ReplicaSelection;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaSelectorTest {

    private static Endpoint replica(String name, long lag, long replayed) {
        Endpoint e = new Endpoint(name, name, null, null, false);
        e.update(NodeRole.READ_ONLY, lag, replayed);
        return e;
    }

    private static Map<String, Integer> spread(ReplicaSelector s, int reads, long bound) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < reads; i++) {
            Endpoint e = s.pick(bound, -1);
            counts.merge(e == null ? "none" : e.name(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinSpreadsReadsEvenly() {
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {replica("a", 0, 1),
                replica("b", 0, 1)}, new int[] {1, 1}, ReplicaSelection.ROUND_ROBIN, false);
        assertThat(spread(s, 100, -1)).containsEntry("a", 50).containsEntry("b", 50);
    }

    @Test
    void replicaLaggingPastTheBoundIsSkipped() {
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {replica("fresh", 10, 1),
                replica("late", 5_000, 1)}, new int[] {1, 1}, ReplicaSelection.ROUND_ROBIN, false);
        assertThat(spread(s, 10, 1_000)).containsOnlyKeys("fresh");
        assertThat(spread(s, 10, -1)).containsKeys("fresh", "late");
    }

    @Test
    void unknownLagIsNeverWithinABound() {
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {replica("unknown", -1, -1)},
                new int[] {1}, ReplicaSelection.ROUND_ROBIN, false);
        assertThat(s.pick(60_000, -1)).isNull();
        assertThat(s.pick(-1, -1)).isNotNull();
    }

    @Test
    void replicaBehindTheTokenIsSkipped() {
        Endpoint behind = replica("behind", 0, 100);
        Endpoint ahead = replica("ahead", 0, 300);
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {behind, ahead}, new int[] {1, 1},
                ReplicaSelection.ROUND_ROBIN, false);
        for (int i = 0; i < 10; i++) {
            assertThat(s.pick(-1, 200)).isSameAs(ahead);
        }
        assertThat(s.pick(-1, 400)).isNull();
    }

    @Test
    void unreachableReplicaIsSkipped() {
        Endpoint down = replica("down", 0, 1);
        down.markUnreachable();
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {down, replica("up", 0, 1)},
                new int[] {1, 1}, ReplicaSelection.ROUND_ROBIN, false);
        assertThat(spread(s, 10, -1)).containsOnlyKeys("up");
    }

    @Test
    void leastLagPicksTheFreshestReplica() {
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {replica("slow", 400, 1),
                replica("quick", 20, 1), replica("mid", 100, 1)}, new int[] {1, 1, 1},
                ReplicaSelection.LEAST_LAG, false);
        assertThat(spread(s, 20, -1)).containsOnlyKeys("quick");
    }

    @Test
    void weightedSelectionFollowsTheWeights() {
        ReplicaSelector s = new ReplicaSelector(new Endpoint[] {replica("big", 0, 1),
                replica("small", 0, 1)}, new int[] {3, 1}, ReplicaSelection.WEIGHTED, false);
        assertThat(spread(s, 400, -1)).containsEntry("big", 300).containsEntry("small", 100);
    }
}
