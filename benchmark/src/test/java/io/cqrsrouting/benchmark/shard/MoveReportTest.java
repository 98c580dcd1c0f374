package io.cqrsrouting.benchmark.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The move report from made-up moves: the per-case tables, the per-move rows and the table by tenant size. */
class MoveReportTest {

    private static MoveReport.Row row(String scenario, String strategy, List<Long> blockedMicros, double window) {
        return new MoveReport.Row(scenario, strategy, 1000, 1.0, blockedMicros.size(), blockedMicros, List.of(1_000L),
                0, String.format(java.util.Locale.ROOT, "%.1f ms (fence 1.0 ms, switch 2.0 ms)", window));
    }

    private static List<MoveReport.Row> rows() {
        return List.of(
                row("split", "OFFLINE_BATCHES", List.of(100_000L, 300_000L), 350),
                row("split", "ONLINE", List.of(50_000L), 60),
                // small tenant: offline blocked 1,000 / 1,500 ms, windows 1,400 and 1,450 ms
                row("hot tenant", "OFFLINE_BATCHES", List.of(1_000_000L), 1400),
                row("hot tenant", "OFFLINE_BATCHES", List.of(1_500_000L), 1450),
                // online blocked 50 / 100 ms, windows 40 and 45 ms
                row("hot tenant", "ONLINE", List.of(50_000L), 40),
                row("hot tenant", "ONLINE", List.of(100_000L), 45),
                // ten times the tenant: offline 10 times longer, online the same
                row("hot tenant x10", "OFFLINE_BATCHES", List.of(10_000_000L, 15_000_000L), 14_500),
                row("hot tenant x10", "ONLINE", List.of(50_000L, 100_000L), 44));
    }

    private static Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("hot tenant", 60_000);
        sizes.put("hot tenant x10", 600_000);
        return sizes;
    }

    @Test
    void theTableBySizeListsBothSizesAndStrategiesWithTheirRatios() {
        String md = MoveReport.markdown(rows(), Map.of(), "`fsync` on", sizes());

        assertThat(md).contains("### Hot tenant by size: blocked max / mover's longest window")
                .contains("| tenant's orders | OFFLINE_BATCHES | ONLINE | offline / online, blocked p50 |"
                        + " offline / online, blocked max |")
                // p50 of {1,000, 1,500} ms is 1,000; of {50, 100} ms, 50: 20×; max 1,500 / 100: 15×
                .contains("| 60,000 | 1,500.0 ms / 1,400.0–1,450.0 ms | 100.0 ms / 40.0–45.0 ms | 20.0× | 15.0× |")
                .contains("| 600,000 | 15,000.0 ms / 14,500.0 ms | 100.0 ms / 44.0 ms | 200.0× | 150.0× |")
                .contains("From 60,000 to 600,000 orders (10×): OFFLINE_BATCHES blocked max ×10.0 (1,500.0 → 15,000.0 ms),"
                        + " mover's longest window ×10.0 (1,450.0 → 14,500.0 ms); ONLINE blocked max ×1.0"
                        + " (100.0 → 100.0 ms), mover's longest window ×1.0 (45.0 → 44.0 ms).");
        // the table by size comes after the cases' tables and before the per-move rows
        int bySize = md.indexOf("### Hot tenant by size");
        assertThat(md.indexOf("### hot tenant x10")).isBetween(0, bySize);
        assertThat(md.indexOf("Per move,")).isGreaterThan(bySize);
    }

    @Test
    void everyCaseKeepsItsTableAndEveryMoveItsRow() {
        String md = MoveReport.markdown(rows(), Map.of("hot tenant x10", "ten times the orders"), "`fsync` on",
                sizes());

        assertThat(md).contains("### split\n", "### hot tenant\n", "### hot tenant x10\n\nten times the orders")
                .contains("| blocked max | 1,500.0 ms | 100.0 ms |".replace(",", ""))
                .contains("| hot tenant x10 | OFFLINE_BATCHES | 1,000 |");
        assertThat(md.lines().filter(l -> l.startsWith("| hot tenant"))).hasSize(6);
        assertThat(MoveReport.json(rows())).contains("\"case\":\"hot tenant x10\",\"strategy\":\"ONLINE\"");
    }

    @Test
    void withoutSizesThereIsNoTableBySizeAndAMissingStrategyIsADash() {
        assertThat(MoveReport.markdown(rows(), Map.of(), "`fsync` on")).doesNotContain("Hot tenant by size");

        String md = MoveReport.scaling(rows().stream().filter(r -> !r.scenario().equals("hot tenant x10")
                || r.strategy().equals("OFFLINE_BATCHES")).toList(), sizes());
        assertThat(md).contains("| 600,000 | 15,000.0 ms / 14,500.0 ms | – | – | – |")
                .contains("ONLINE blocked max –, mover's longest window –.");
    }

    @Test
    void theMoversWindowIsReadFromTheStartOfItsText() {
        assertThat(MoveReport.windowMillis("731.9 ms (offline 70.1 ms, copy 588.7 ms)")).isEqualTo(731.9);
        assertThat(MoveReport.windowMillis("")).isNaN();
    }
}
