package io.cqrsrouting.benchmark.offload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.benchmark.BenchSettings;
import io.cqrsrouting.benchmark.report.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity variants are only worth their time if they run where they claim. Each test runs the
 * benchmark's own trial (set-up, operations, tear-down) on a real embedded set with reads only and
 * asks the database which nodes served them: the transactions each node counted
 * ({@code pg_stat_database}, read after every client session has ended), as written to the side
 * results. It also checks that the benchmark's nodes run with {@code fsync} on. No timing here.
 */
class OffloadTargetsRouteTest {

    private static final int READS = 400;

    @TempDir
    static Path out;

    @BeforeAll
    static void settings() {
        System.setProperty(BenchSettings.PREFIX + "out", out.toString());
        System.setProperty(BenchSettings.PREFIX + "cpuCap", "0"); // account only: no caps in tests
        System.setProperty(BenchSettings.PREFIX + "primaryReadShare", "0.3");
    }

    @AfterAll
    static void clear() {
        System.clearProperty(BenchSettings.PREFIX + "out");
        System.clearProperty(BenchSettings.PREFIX + "cpuCap");
        System.clearProperty(BenchSettings.PREFIX + "primaryReadShare");
    }

    /** Runs one trial of {@code target} with reads only; returns its side-results line. */
    private static Object trial(String target) throws Exception {
        Files.deleteIfExists(out.resolve(OffloadThroughputBenchmark.SIDE_RESULTS));
        OffloadThroughputBenchmark bench = new OffloadThroughputBenchmark();
        bench.target = target;
        bench.readPercent = 100;
        bench.start();
        OffloadThroughputBenchmark.Counters counters = new OffloadThroughputBenchmark.Counters();
        try {
            for (int i = 0; i < READS; i++) {
                bench.mix(counters);
            }
        } finally {
            bench.stop();
        }
        assertThat(counters.errors).as("%s: failed operations", target).isZero();
        assertThat(counters.reads).isEqualTo(READS);
        List<String> lines = Files.readAllLines(out.resolve(OffloadThroughputBenchmark.SIDE_RESULTS));
        assertThat(lines).hasSize(1);
        Object side = Json.parse(lines.get(0));
        assertThat(Json.at(side, "durability")).as("%s: fsync and synchronous_commit", target)
                .isEqualTo("on");
        assertThat(Json.at(side, "statsFlushed")).as("%s: counters read after sessions ended", target)
                .isEqualTo(Boolean.TRUE);
        return side;
    }

    private static long tx(Object side, String node) {
        return (long) Json.number(Json.at(side, "transactions", node));
    }

    @Test
    void twoStandbysShareTheReadsAndThePrimaryServesNone() throws Exception {
        Object side = trial(OffloadThroughputBenchmark.TWO_STANDBYS);
        assertThat(Json.number(Json.at(side, "standbys"))).isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> tx = (Map<String, Object>) Json.at(side, "transactions");
        assertThat(tx).containsOnlyKeys("primary", "replica-1", "replica-2");
        // round robin over two standbys: about half each; the primary sees only the router's
        // probes and the harness's own queries
        assertThat(tx(side, "replica-1")).as("standby 1").isBetween(READS / 3L, (long) READS);
        assertThat(tx(side, "replica-2")).as("standby 2").isBetween(READS / 3L, (long) READS);
        // (about 35 of them on a quiet machine, more when probes have more time)
        assertThat(tx(side, "primary")).as("primary").isLessThan(READS / 4L);
    }

    @Test
    void noStandbyRunsEverythingOnThePrimaryThroughTheRouter() throws Exception {
        Object side = trial(OffloadThroughputBenchmark.NO_STANDBY);
        assertThat(Json.number(Json.at(side, "standbys"))).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> tx = (Map<String, Object>) Json.at(side, "transactions");
        assertThat(tx).containsOnlyKeys("primary");
        assertThat(tx(side, "primary")).isGreaterThanOrEqualTo((long) READS);
        @SuppressWarnings("unchecked")
        Map<String, Object> served = (Map<String, Object>) Json.at(side, "served");
        assertThat(served).as("the router's endpoints").hasSize(1);
    }

    @Test
    void primaryShareSendsThatShareOfReadsToThePrimary() throws Exception {
        Object side = trial(OffloadThroughputBenchmark.PRIMARY_SHARE);
        assertThat(Json.number(Json.at(side, "primaryReadShare"))).isEqualTo(0.3);
        // 400 reads at 0.3: 120 expected, σ ≈ 9; each node also counts the router's probes and
        // the harness's queries (about 35 on a quiet machine; without the setting: 34 / 433)
        assertThat(tx(side, "primary")).as("primary").isBetween(100L, 260L);
        assertThat(tx(side, "replica-1")).as("standby").isBetween(200L, 380L);
    }
}
