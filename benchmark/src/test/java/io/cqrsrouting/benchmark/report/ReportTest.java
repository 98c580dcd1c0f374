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
        return "{\"benchmark\": \"io.cqrsrouting.benchmark.X." + bench + "\", \"mode\": \"avgt\","
                + " \"threads\": 4, \"params\": {\"" + param + "\": \"" + value + "\", \"readPercent\": \"90\"},"
                + " \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"},"
                + " \"secondaryMetrics\": {" + secondary + "}}";
    }

    @Test
    void tablesAndChartComeFromTheFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("overhead.json"), "[" + String.join(",",
                jmh("query", "mode", "direct", 700.5, "\"gc.alloc.rate.norm\": {\"score\": 104.0}"),
                jmh("query", "mode", "cqrsRouting", 810.0, "\"gc.alloc.rate.norm\": {\"score\": 208.0}"))
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
                + "{\"client\": \"hikariPlain\", \"recoveryMillis\": -1.000, \"failures\": 9, \"lastError\": \"PSQLException (SQLState 25006)\"},"
                + " {\"client\": \"cqrsRouting\", \"recoveryMillis\": 250.0, \"outageMillis\": 300.0, \"failures\": 3, \"lastError\": null}]},"
                + "{\"topology\": \"geo\", \"round\": 2, \"promotionMillis\": 12.0, \"clients\": ["
                + "{\"client\": \"hikariPlain\", \"recoveryMillis\": -1.000, \"failures\": 9, \"lastError\": null},"
                + " {\"client\": \"cqrsRouting\", \"recoveryMillis\": 270.0, \"failures\": 3, \"lastError\": null}]}]}");
        Files.writeString(dir.resolve("run.json"), "{\"command\": \"./bench.sh\", \"machine\": \"test box\"}");

        Results r = Results.read(dir);
        String md = MarkdownReport.render(r, "results.svg");

        assertThat(md).contains("- Command: `./bench.sh`", "server PostgreSQL 17.6");
        assertThat(md).contains("| `direct` | 701 |  | 104 |", "| `cqrsRouting` | 810 | +110 | 208 |");
        assertThat(md).contains("| `cqrsRouting` | 90 | 1,000 | 900 | 100 | 100.0 % | 20.0 % | 0 |");
        assertThat(md).contains("| `primaryOnly` | 90 | 1,100 | 900 | 100 | 0.0 % | 100.0 % | 0 |");
        assertThat(md).contains("| geo | `cqrsRouting` | 260 ms | 270 ms | 2 of 2 |");
        assertThat(md).contains("| geo | `hikariPlain` | > 10 s (none) | > 10 s (none) | 0 of 2 |");

        String svg = SvgChart.render(r);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("cqrsRouting", "no write within 10 s", "test box");
    }

    @Test
    void jsonReader() {
        Object o = Json.parse("{\"a\": [1, 2.5e1, \"x\\\"y\", true, null], \"b\": {\"c\": \"NaN\"}}");
        assertThat(Json.number(((java.util.List<?>) Json.at(o, "a")).get(1))).isEqualTo(25.0);
        assertThat(((java.util.List<?>) Json.at(o, "a")).get(2)).isEqualTo("x\"y");
        assertThat(Json.number(Json.at(o, "b", "c"))).isNaN();
    }
}
