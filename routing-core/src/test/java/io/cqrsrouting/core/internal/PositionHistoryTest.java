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

    @Test
    void positionSinceIsTheSmallestReadByAProbeThatStartedAfterTheCommit() {
        PositionHistory h = new PositionHistory(8);
        h.record(100, 10, 1); // probes started at 10, 20, 30, 40 ns
        h.record(100, 20, 2);
        h.record(150, 30, 3);
        h.record(200, 40, 4);
        assertThat(h.positionSince(5)).isEqualTo(100);
        // 100 was still read by the probe that started at 20: it covers a commit done at 15.
        assertThat(h.positionSince(15)).isEqualTo(100);
        assertThat(h.positionSince(20)).as("a probe that started at the same instant does not count")
                .isEqualTo(150);
        assertThat(h.positionSince(35)).isEqualTo(200);
    }

    @Test
    void positionSinceIsUnknownUntilAProbeStartsAfterTheCommit() {
        PositionHistory h = new PositionHistory(8);
        assertThat(h.positionSince(0)).isEqualTo(-1);
        h.record(100, 10, 1);
        assertThat(h.positionSince(10)).isEqualTo(-1);
        h.record(100, 50, 2); // an idle primary: the same position, read again later
        assertThat(h.positionSince(10)).isEqualTo(100);
    }

    @Test
    void positionSinceHandlesTheNanoTimeWrapAround() {
        PositionHistory h = new PositionHistory(8);
        h.record(100, Long.MAX_VALUE - 5, 1);
        h.record(150, Long.MIN_VALUE + 5, 2); // nanoTime wrapped between the two probes
        assertThat(h.positionSince(Long.MAX_VALUE)).isEqualTo(150);
    }
}
