package io.cqrsrouting.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is built from the run's own files: JMH JSON, side results, failover rounds. */
class ReportTest {

    private static String jmh(String bench, String param, String value, double score, String secondary) {
        return jmh(bench, param, value, score, secondary, 4);
    }

    private static String jmh(String bench, String param, String value, double score, String secondary,
            int threads) {
        return "{\"benchmark\": \"io.cqrsrouting.benchmark.X." + bench + "\", \"mode\": \"avgt\","
                + " \"threads\": " + threads + ", \"params\": {\"" + param + "\": \"" + value + "\", \"readPercent\": \"90\"},"
                + " \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"},"
                + " \"secondaryMetrics\": {" + secondary + "}}";
    }

    @Test
    void tablesAndChartComeFromTheFiles(@TempDir Path dir) throws Exception {
        // three passes: direct 700/702/698, cqrsRouting 810/812/808 (Δ exactly 110 each pass);
        // noopAdvice 701/699/703 against direct: Δ 1/−3/5 → not significant
        double[][] passes = {{700, 810, 701}, {702, 812, 699}, {698, 808, 703}};
        for (int p = 0; p < passes.length; p++) {
            Files.writeString(dir.resolve(Results.overheadFile(1, p + 1)), "[" + String.join(",",
                    jmh("query", "mode", "direct", passes[p][0], "\"gc.alloc.rate.norm\": {\"score\": 104.0}", 1),
                    jmh("query", "mode", "cqrsRouting", passes[p][1], "\"gc.alloc.rate.norm\": {\"score\": 208.0}", 1),
                    jmh("query", "mode", "noopAdvice", passes[p][2], "\"gc.alloc.rate.norm\": {\"score\": 150.0}", 1))
                    + "]");
            Files.writeString(dir.resolve(Results.overheadFile(2, p + 1)), "[" + String.join(",",
                    jmh("query", "mode", "direct", 1000, "", 2),
                    jmh("query", "mode", "cqrsRouting", 1200 + p, "", 2)) + "]");
        }
        Files.writeString(dir.resolve(Results.OVERHEAD_NO_EA_JSON), "[" + String.join(",",
                jmh("query", "mode", "direct", 900, "\"gc.alloc.rate.norm\": {\"score\": 152.0}", 1),
                jmh("query", "mode", "cqrsRouting", 990, "\"gc.alloc.rate.norm\": {\"score\": 240.0}", 1))
                + "]");
        String aux = "\"reads\": {\"score\": 900.0}, \"writes\": {\"score\": 100.0},"
                + " \"replicaReads\": {\"score\": %s}, \"errors\": {\"score\": 0.0}";
        Files.writeString(dir.resolve("offload.json"), "[" + String.join(",",
                jmh("mix", "target", "cqrsRouting", 1000, String.format(aux, "900.0")),
                jmh("mix", "target", "primaryOnly", 1100, String.format(aux, "0.0"))) + "]");
        Files.writeString(dir.resolve("offload-db.jsonl"),
                "{\"target\":\"cqrsRouting\",\"readPercent\":90,\"server\":\"PostgreSQL 17.6\","
                        + "\"transactions\":{\"primary\":200,\"replica-1\":800},\"served\":{}}\n"
                        + "{\"target\":\"primaryOnly\",\"readPercent\":90,"
                        + "\"transactions\":{\"primary\":1000,\"replica-1\":0},\"served\":{}}\n");
        Files.writeString(dir.resolve("failover.json"), "{\"timeoutMillis\": 10000, \"rounds\": ["
                + "{\"topology\": \"geo\", \"round\": 1, \"promotionMillis\": 8.0, \"clients\": ["
                + "{\"client\": \"hikariDefault\", \"recoveryMillis\": -1.000, \"failures\": 9, \"lastError\": \"PSQLException (SQLState 25006)\"},"
                + " {\"client\": \"cqrsRouting\", \"recoveryMillis\": 250.0, \"outageMillis\": 300.0, \"failures\": 3, \"lastError\": null}]},"
                + "{\"topology\": \"geo\", \"round\": 2, \"promotionMillis\": 12.0, \"clients\": ["
                + "{\"client\": \"hikariDefault\", \"recoveryMillis\": -1.000, \"failures\": 9, \"lastError\": null},"
                + " {\"client\": \"cqrsRouting\", \"recoveryMillis\": 270.0, \"failures\": 3, \"lastError\": null}]}]}");
        Files.writeString(dir.resolve("run.json"), "{\"command\": \"./bench.sh\", \"machine\": \"test box\"}");

        Results r = Results.read(dir);
        String md = MarkdownReport.render(r, "results.svg");

        assertThat(md).contains("- Command: `./bench.sh`", "server PostgreSQL 17.6");
        // mean ± 95 % CI across passes (t with 2 d.f. = 4.303, sd 2, n 3 → 4.97)
        assertThat(md).contains("| `direct` | 700 ± 5 |  | 104 (152) |",
                "| `cqrsRouting` | 810 ± 5 | +110 ± 0 | 208 (240) |",
                "| `noopAdvice` | 701 ± 5 | +1 ± 10 *n.s.* | 150 |");
        assertThat(md).contains("| `cqrsRouting` | 810 ± 5 | +110 ± 0 | +16 % | 1,201 ± 2 | +201 ± 2 | +20 % |");
        assertThat(md).contains("| `cqrsRouting` | 90 | 1,000 | 900 | 100 | 100.0 % | 20.0 % | 0 |");
        assertThat(md).contains("| `primaryOnly` | 90 | 1,100 | 900 | 100 | 0.0 % | 100.0 % | 0 |");
        assertThat(md).contains("| geo | `cqrsRouting` | 2 | 260 ms | 270 ms | 270 ms | 2 of 2 |");
        assertThat(md).contains("| geo | `hikariDefault` | 2 | > 10 s (none) | > 10 s (none) | > 10 s (none) | 0 of 2 |");
        assertThat(md).contains("- geo: the database's own promotion took 10 ms (median) / 12 ms (max)");

        String svg = SvgChart.render(r);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("cqrsRouting", "no write within 10 s", "test box");
    }

    @Test
    void capacityTableComesFromTheNodesCgroups(@TempDir Path dir) throws Exception {
        String aux = "\"reads\": {\"score\": 900.0}, \"writes\": {\"score\": 100.0},"
                + " \"replicaReads\": {\"score\": 0.0}, \"errors\": {\"score\": 0.0}";
        Files.writeString(dir.resolve("offload.json"), "[" + jmh("mix", "target", "primaryOnly", 1000,
                aux) + "]");
        // 30 s measured, 30,000 ops; primary used 15 CPU-s (0.5 CPUs: the whole cap), 500 µs per op
        Files.writeString(dir.resolve("offload-db.jsonl"), "{\"target\":\"primaryOnly\",\"readPercent\":90,"
                + "\"standbys\":1,\"durability\":\"on\",\"statsFlushed\":true,"
                + "\"transactions\":{\"primary\":30000},\"served\":{},\"cpu\":{\"cap\":0.5,\"ops\":30000,"
                + "\"wallNanos\":30000000000,\"clientNanos\":3000000000,\"nodes\":{"
                + "\"primary\":{\"nanos\":15000000000,\"throttled\":120},"
                + "\"replica-1\":{\"nanos\":300000000,\"throttled\":0}}}}\n");
        String md = MarkdownReport.render(Results.read(dir), "results.svg");
        assertThat(md).contains("| `primaryOnly` | 90 | 1 | 0.50 | 1,000 | 500.0 | 120 | 10.0 | 0 | 100.0 | 1,000 | 100.0 % |");
        assertThat(md).contains("Durability: `fsync` and `synchronous_commit` on on every node",
                "read after every client session had ended");
    }

    @Test
    void variantRowsFromTheirOwnFileCarryTheCeiling(@TempDir Path dir) throws Exception {
        String aux = "\"reads\": {\"score\": 1350.0}, \"writes\": {\"score\": 150.0},"
                + " \"replicaReads\": {\"score\": 1350.0}, \"errors\": {\"score\": 0.0}";
        Files.writeString(dir.resolve(Results.OFFLOAD_VARIANTS_JSON), "[" + jmh("mix", "target",
                "cqrsRoutingTwoStandbys", 1500, aux) + "]");
        // 30 s measured, 45,000 ops; primary 0.15 CPUs (100 µs/op), each standby 0.4 CPUs
        // (266.7 µs/op): ceiling 1500 × 0.5 / 0.4 = 1,875 ops/s, achieved 80 % of it
        Files.writeString(dir.resolve("offload-db.jsonl"), "{\"target\":\"cqrsRoutingTwoStandbys\","
                + "\"readPercent\":90,\"standbys\":2,\"durability\":\"fsync=off synchronous_commit=on\","
                + "\"statsFlushed\":false,\"transactions\":{},\"served\":{},\"cpu\":{\"cap\":0.5,"
                + "\"ops\":45000,\"wallNanos\":30000000000,\"clientNanos\":4500000000,\"nodes\":{"
                + "\"primary\":{\"nanos\":4500000000,\"throttled\":3},"
                + "\"replica-1\":{\"nanos\":12000000000,\"throttled\":40},"
                + "\"replica-2\":{\"nanos\":12000000000,\"throttled\":41}}}}\n");
        String md = MarkdownReport.render(Results.read(dir), "results.svg");
        assertThat(md).contains("| `cqrsRoutingTwoStandbys` | 90 | 2 | 0.50 | 1,500 | 100.0 | 3 | 266.7 | 40"
                + " | 266.7 | 41 | 100.0 | 1,875 | 80.0 % |");
        assertThat(md).contains("not all nodes ran with `fsync` and `synchronous_commit` on:"
                + " fsync=off synchronous_commit=on", "Transaction counts missing for"
                + " cqrsRoutingTwoStandbys 90 %");
        String svg = SvgChart.render(Results.read(dir));
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("model ceiling 1,875 ops/s");
    }

    private static String cpuLine(String target, long ops, long primaryNanos, long replicaNanos) {
        return "{\"target\":\"" + target + "\",\"readPercent\":90,\"standbys\":1,\"durability\":\"on\","
                + "\"statsFlushed\":true,\"transactions\":{},\"served\":{},\"cpu\":{\"cap\":0.5,"
                + "\"ops\":" + ops + ",\"wallNanos\":30000000000,\"clientNanos\":0,\"nodes\":{"
                + "\"primary\":{\"nanos\":" + primaryNanos + ",\"throttled\":0},"
                + "\"replica-1\":{\"nanos\":" + replicaNanos + ",\"throttled\":0}}}}\n";
    }

    @Test
    void balancedShareEvensOutTheMeasuredCosts(@TempDir Path dir) throws Exception {
        // manualSplit: primary 100 µs/op, standby 300 µs/op; primaryOnly: primary 350 µs/op.
        // A read costs 250 µs-per-op of the mix; s = (300 - 100) / (2 × 250) = 0.4
        Files.writeString(dir.resolve("offload-db.jsonl"),
                cpuLine("manualSplit", 10_000, 1_000_000_000L, 3_000_000_000L)
                        + cpuLine("primaryOnly", 10_000, 3_500_000_000L, 100_000_000L)
                        + "{\"target\":\"cqrsRoutingPrimaryShare\",\"readPercent\":90,"
                        + "\"primaryReadShare\":0.4,\"primaryReadShareHow\":\"balances\",\"transactions\":{}}\n");
        Files.writeString(dir.resolve("offload.json"), "[" + String.join(",",
                jmh("mix", "target", "manualSplit", 1000, ""),
                jmh("mix", "target", "primaryOnly", 1000, "")) + "]");
        Results r = Results.read(dir);
        BalancedShare.Choice c = BalancedShare.of(r, 90);
        assertThat(c.share()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.how()).contains("balances", "= 0.40");
        assertThat(BalancedShare.of(r, 50).share()).as("no figures at 50 %").isEqualTo(BalancedShare.FALLBACK);
        assertThat(MarkdownReport.render(r, "x.svg")).contains("`cqrsRoutingPrimaryShare` at 90 % reads:"
                + " the primary takes a share of the replica reads (the router's `primaryReadShare`):"
                + " 0.40; balances.");
    }

    @Test
    void sweepTableComesFromItsFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sweep.json"), "{\"readPercent\": 90, \"cpuCap\": 0.5, \"points\": ["
                + "{\"target\": \"cqrsRouting\", \"offered\": 1200.0, \"achieved\": 1190.5,"
                + " \"p50Millis\": 1.234, \"p99Millis\": 9.876, \"errors\": 2}]}");
        String md = MarkdownReport.render(Results.read(dir), "results.svg");
        assertThat(md).contains("| `cqrsRouting` | 1,200 | 1,191 | 1.23 ms | 9.88 ms | 2 |");
    }

    @Test
    void quotedStringsReadBack() {
        String nasty = "back\\slash \"quote\"\nnew line\ttab \u0001 ünïcode";
        assertThat(Json.parse(Json.quote(nasty))).isEqualTo(nasty);
    }

    @Test
    void quantileIsNearestRankWithMissingValuesLast() {
        java.util.List<Double> v = java.util.List.of(5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(Stats.quantile(v, 0.9)).isEqualTo(9.0);
        assertThat(Stats.quantile(java.util.List.of(1.0, -1.0), 0.9)).isInfinite();
    }

    @Test
    void jsonReader() {
        Object o = Json.parse("{\"a\": [1, 2.5e1, \"x\\\"y\", true, null], \"b\": {\"c\": \"NaN\"}}");
        assertThat(Json.number(((java.util.List<?>) Json.at(o, "a")).get(1))).isEqualTo(25.0);
        assertThat(((java.util.List<?>) Json.at(o, "a")).get(2)).isEqualTo("x\"y");
        assertThat(Json.number(Json.at(o, "b", "c"))).isNaN();
    }
}
