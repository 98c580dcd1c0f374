package io.cqrsrouting.benchmark.offload;

import io.cqrsrouting.benchmark.BenchSettings;
import io.cqrsrouting.benchmark.report.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The offload trial's side results: one JSON line per trial with the database's own view (the
 * transactions each node ran), the rows each endpoint served and the CPU accounting, appended to
 * {@link OffloadThroughputBenchmark#SIDE_RESULTS}.
 */
final class SideResults {

    /** What identifies a trial and how it ran. */
    record Trial(String target, int readPercent, boolean embedded, String server, int standbys,
            String durability, boolean statsFlushed, double primaryReadShare) {
    }

    private SideResults() {
    }

    static void append(Path file, Trial t, Map<String, Long> txBefore, Map<String, Long> txAfter,
            Map<String, Long> served, MeasuredCpu cpu, String cpuCap) throws IOException {
        StringBuilder sb = new StringBuilder("{\"target\":\"").append(t.target())
                .append("\",\"readPercent\":").append(t.readPercent())
                .append(",\"embedded\":").append(t.embedded())
                .append(",\"server\":\"").append(t.server().replace("\"", "'")).append('"')
                .append(",\"standbys\":").append(t.standbys())
                .append(",\"durability\":\"").append(t.durability().replace("\"", "'")).append('"')
                .append(",\"statsFlushed\":").append(t.statsFlushed())
                .append(",\"primaryReadShare\":").append(t.primaryReadShare())
                .append(",\"primaryReadShareHow\":").append(Json.quote(String.valueOf(
                        BenchSettings.get("primaryReadShareHow"))))
                .append(",\"transactions\":{");
        int i = 0;
        for (Map.Entry<String, Long> e : txAfter.entrySet()) {
            Long before = txBefore.get(e.getKey());
            long delta = before == null || before < 0 || e.getValue() < 0 ? -1
                    : e.getValue() - before;
            sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":").append(delta);
        }
        sb.append("},\"served\":{");
        i = 0;
        for (Map.Entry<String, Long> e : served.entrySet()) {
            sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":")
                    .append(e.getValue());
        }
        sb.append("},\"cpu\":");
        cpu.appendJson(sb, cpuCap);
        sb.append("}\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
