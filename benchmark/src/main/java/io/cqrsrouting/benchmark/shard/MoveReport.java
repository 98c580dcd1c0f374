package io.cqrsrouting.benchmark.shard;

import io.cqrsrouting.shard.MoveStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The move benchmark's results: one {@link Row} per move, pooled per case and strategy in the report. */
final class MoveReport {

    private MoveReport() {
    }

    /** One move: which case and strategy, what the writers saw, and the mover's own account of its window. */
    record Row(String scenario, String strategy, long rows, double seconds, int refused, List<Long> blockedMicros,
            List<Long> lastAttemptMicros, long lost, String window) {

        double pct(double p) {
            return percentile(blockedMicros, p);
        }

        String line() {
            return String.format(Locale.ROOT, "%s %s: %d rows in %.1f s (%.0f rows/s), %d refused requests, blocked"
                    + " p50 %.1f ms, p99 %.1f ms, max %.1f ms (successful attempt max %.1f ms), lost %d; mover: %s",
                    scenario, strategy, rows, seconds, rows / seconds, refused, pct(50), pct(99), pct(100),
                    percentile(lastAttemptMicros, 100), lost, window);
        }
    }

    static double percentile(List<Long> sortedMicros, double p) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedMicros.size()) - 1;
        return sortedMicros.get(Math.max(0, Math.min(i, sortedMicros.size() - 1))) / 1000.0;
    }

    /**
     * @param intro one paragraph per case, by case name, describing it
     * @param durability what the servers ran with (fsync)
     */
    static String markdown(List<Row> rows, java.util.Map<String, String> intro, String durability) {
        StringBuilder md = new StringBuilder("## Moving shardlets: how long writes are blocked\n\n")
                .append(String.format(Locale.ROOT, "%d writers insert orders through `ShardedDataSource`, each"
                        + " retrying a refused request %d ms later until it is acknowledged; blocked = from a refused"
                        + " request's first attempt to its acknowledgement (all rounds pooled). Library defaults except"
                        + " `batchSize` and `drainTimeout` (2 s), the same for both strategies. Servers: %s.%n%n",
                        MoveWriters.WRITERS, MoveWriters.BACKOFF_MILLIS, durability));
        Set<String> scenarios = new LinkedHashSet<>();
        rows.forEach(r -> scenarios.add(r.scenario()));
        List<String> names = new ArrayList<>();
        for (MoveStrategy s : MoveStrategy.values()) {
            names.add(s.name());
        }
        for (String sc : scenarios) {
            md.append("### ").append(sc).append("\n\n").append(intro.getOrDefault(sc, "")).append("\n\n")
                    .append("| writes to the moving range | ").append(String.join(" | ", names)).append(" |\n|---|")
                    .append("---:|".repeat(names.size())).append('\n');
            List<List<Long>> pooled = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            List<String> speed = new ArrayList<>();
            for (String n : names) {
                List<Long> all = new ArrayList<>();
                int r = 0;
                double rowsSum = 0;
                double secs = 0;
                for (Row row : rows) {
                    if (row.strategy().equals(n) && row.scenario().equals(sc)) {
                        all.addAll(row.blockedMicros());
                        r += row.refused();
                        rowsSum += row.rows();
                        secs += row.seconds();
                    }
                }
                Collections.sort(all);
                pooled.add(all);
                refused.add(String.valueOf(r));
                speed.add(String.format(Locale.ROOT, "%,.0f", secs == 0 ? 0 : rowsSum / secs));
            }
            for (double p : new double[] {50, 99, 100}) {
                md.append(p == 100 ? "| blocked max" : String.format(Locale.ROOT, "| blocked p%.0f", p));
                for (List<Long> l : pooled) {
                    md.append(String.format(Locale.ROOT, " | %.1f ms", percentile(l, p)));
                }
                md.append(" |\n");
            }
            md.append("| refused requests | ").append(String.join(" | ", refused)).append(" |\n")
                    .append("| rows moved per second | ").append(String.join(" | ", speed)).append(" |\n\n");
        }
        md.append("Per move, with the mover's own account of its longest write window (from its status detail):\n\n")
                .append("| case | strategy | rows moved | rows/s | refused requests | blocked p50 | p99 | max |"
                        + " successful attempt max | lost | mover's longest window |\n"
                        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |"
                    + " %d | %s |%n", r.scenario(), r.strategy(), r.rows(), r.rows() / r.seconds(), r.refused(),
                    r.pct(50), r.pct(99), r.pct(100), percentile(r.lastAttemptMicros(), 100), r.lost(), r.window()));
        }
        return md.append('\n').toString();
    }

    static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"case\":\"%s\",\"strategy\":\"%s\","
                    + "\"rows\":%d,\"seconds\":%.3f,\"refused\":%d,\"blockedP50Ms\":%.3f,\"blockedP99Ms\":%.3f,"
                    + "\"blockedMaxMs\":%.3f,\"lastAttemptMaxMs\":%.3f,\"lost\":%d,\"moverWindow\":\"%s\"}",
                    r.scenario(), r.strategy(), r.rows(), r.seconds(), r.refused(), r.pct(50), r.pct(99), r.pct(100),
                    percentile(r.lastAttemptMicros(), 100), r.lost(), r.window().replace("\"", "'")));
        }
        return sb.append("]").toString();
    }
}
