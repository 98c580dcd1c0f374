package io.cqrsrouting.benchmark.shard;

import io.cqrsrouting.shard.MoveStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    static String markdown(List<Row> rows, Map<String, String> intro, String durability) {
        return markdown(rows, intro, durability, Map.of());
    }

    /**
     * @param intro one paragraph per case, by case name, describing it
     * @param durability what the servers ran with (fsync)
     * @param tenantOrders the hot-tenant cases by name, smallest first, with their tenant's orders: the
     *     rows of the table by tenant size ({@link #scaling}); none, no such table
     */
    static String markdown(List<Row> rows, Map<String, String> intro, String durability,
            Map<String, Integer> tenantOrders) {
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
        md.append(scaling(rows, tenantOrders));
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

    /**
     * The hot tenant's windows side by side by tenant size: per strategy the writers' blocked max
     * (moves pooled) and the mover's longest window (lowest–highest over the moves), the ratio
     * offline / online of the blocked p50 and max, and how much each grew from the smallest size to
     * the largest.
     *
     * @param tenantOrders case name → the tenant's orders, smallest first
     */
    static String scaling(List<Row> rows, Map<String, Integer> tenantOrders) {
        if (tenantOrders.isEmpty()) {
            return "";
        }
        String off = MoveStrategy.OFFLINE_BATCHES.name();
        String on = MoveStrategy.ONLINE.name();
        StringBuilder md = new StringBuilder("### Hot tenant by size: blocked max / mover's longest window\n\n")
                .append("Offline, the tenant's single batch refuses writes for its whole copy, so that window grows"
                        + " with the tenant's rows; online, only the cutover is fenced, so it should not. Per size and"
                        + " strategy: the writers' blocked max (moves pooled) / the mover's longest window (lowest–highest"
                        + " over the moves); then offline ÷ online of the blocked p50 and max.\n\n")
                .append("| tenant's orders | ").append(off).append(" | ").append(on)
                .append(" | offline / online, blocked p50 | offline / online, blocked max |\n|---:|---:|---:|---:|---:|\n");
        for (var e : tenantOrders.entrySet()) {
            List<Long> o = pooled(rows, e.getKey(), off);
            List<Long> n = pooled(rows, e.getKey(), on);
            md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s |%n", e.getValue(),
                    cell(rows, e.getKey(), off), cell(rows, e.getKey(), on), ratio(o, n, 50), ratio(o, n, 100)));
        }
        List<String> sizes = new ArrayList<>(tenantOrders.keySet());
        if (sizes.size() > 1) {
            String first = sizes.get(0);
            String last = sizes.get(sizes.size() - 1);
            md.append(String.format(Locale.ROOT, "%nFrom %,d to %,d orders (%.0f×):", tenantOrders.get(first),
                    tenantOrders.get(last), (double) tenantOrders.get(last) / tenantOrders.get(first)));
            for (String s : List.of(off, on)) {
                md.append(String.format(Locale.ROOT, " %s blocked max %s, mover's longest window %s%s", s,
                        growth(blockedMax(rows, first, s), blockedMax(rows, last, s)),
                        growth(longestWindow(rows, first, s), longestWindow(rows, last, s)), s.equals(on) ? "." : ";"));
            }
            md.append('\n');
        }
        return md.append('\n').toString();
    }

    /** @return the blocked times of every move of that case and strategy, sorted */
    private static List<Long> pooled(List<Row> rows, String scenario, String strategy) {
        List<Long> all = new ArrayList<>();
        for (Row r : rows) {
            if (r.scenario().equals(scenario) && r.strategy().equals(strategy)) {
                all.addAll(r.blockedMicros());
            }
        }
        Collections.sort(all);
        return all;
    }

    /** @return "blocked max / mover's window lowest–highest", or "–" if that case and strategy did not run */
    private static String cell(List<Row> rows, String scenario, String strategy) {
        double lo = Double.NaN;
        double hi = Double.NaN;
        boolean ran = false;
        for (Row r : rows) {
            if (r.scenario().equals(scenario) && r.strategy().equals(strategy)) {
                ran = true;
                double w = windowMillis(r.window());
                lo = Double.isNaN(lo) || w < lo ? w : lo;
                hi = Double.isNaN(hi) || w > hi ? w : hi;
            }
        }
        if (!ran) {
            return "–";
        }
        String window = Double.isNaN(lo) ? "–" : lo == hi ? String.format(Locale.ROOT, "%,.1f ms", lo)
                : String.format(Locale.ROOT, "%,.1f–%,.1f ms", lo, hi);
        return String.format(Locale.ROOT, "%,.1f ms / %s", percentile(pooled(rows, scenario, strategy), 100), window);
    }

    /** @return the pooled blocked max in ms (0 if no write was blocked), NaN if that case and strategy did not run */
    private static double blockedMax(List<Row> rows, String scenario, String strategy) {
        boolean ran = rows.stream().anyMatch(r -> r.scenario().equals(scenario) && r.strategy().equals(strategy));
        return ran ? percentile(pooled(rows, scenario, strategy), 100) : Double.NaN;
    }

    private static double longestWindow(List<Row> rows, String scenario, String strategy) {
        double hi = Double.NaN;
        for (Row r : rows) {
            if (r.scenario().equals(scenario) && r.strategy().equals(strategy)) {
                double w = windowMillis(r.window());
                hi = Double.isNaN(hi) || w > hi ? w : hi;
            }
        }
        return hi;
    }

    /** @return offline's percentile ÷ online's, or "–" when online blocked nothing (or nothing ran) */
    private static String ratio(List<Long> offline, List<Long> online, double p) {
        double n = percentile(online, p);
        return n <= 0 || offline.isEmpty() ? "–" : String.format(Locale.ROOT, "%,.1f×", percentile(offline, p) / n);
    }

    private static String growth(double from, double to) {
        return Double.isNaN(from) || Double.isNaN(to) || from <= 0 ? "–"
                : String.format(Locale.ROOT, "×%,.1f (%,.1f → %,.1f ms)", to / from, from, to);
    }

    /** @return the milliseconds that open the mover's window text ("731.9 ms (offline ...)"), or NaN */
    static double windowMillis(String window) {
        int end = window.indexOf(" ms");
        if (end <= 0) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(window.substring(0, end));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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
