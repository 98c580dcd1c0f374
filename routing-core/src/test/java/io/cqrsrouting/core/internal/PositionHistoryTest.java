package io.cqrsrouting.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PositionHistoryTest {

    @Test
    void replicaThatReplayedEverythingHasNoLagEvenWhenThePrimaryIsIdle() {
        PositionHistory h = new PositionHistory(8);
        h.record(100, 1_000);
        h.record(100, 60_000);
        assertThat(h.lagOf(100, 61_000)).isZero();
    }

    @Test
    void lagIsCountedFromTheLastSampleBeforeTheFirstMissedWrite() {
        PositionHistory h = new PositionHistory(8);
        h.record(100, 1_000);
        h.record(100, 1_250);
        h.record(150, 1_500); // the write the replica misses happened after 1_250
        h.record(200, 1_750);
        assertThat(h.lagOf(100, 3_000)).isEqualTo(1_750);
        assertThat(h.lagOf(150, 3_000)).isEqualTo(1_500);
        assertThat(h.lagOf(200, 3_000)).isZero();
    }

    @Test
    void unknownWithoutPrimarySamples() {
        assertThat(new PositionHistory(4).lagOf(10, 100)).isEqualTo(-1);
    }

    @Test
    void oldestRetainedSampleBoundsLagWhenHistoryWrapped() {
        PositionHistory h = new PositionHistory(2);
        h.record(10, 0);
        h.record(20, 100);
        h.record(30, 200);
        assertThat(h.lagOf(5, 1_000)).isEqualTo(1_000);
    }
}
