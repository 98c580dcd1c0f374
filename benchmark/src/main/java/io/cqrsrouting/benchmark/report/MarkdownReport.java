package io.cqrsrouting.benchmark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The run's numbers as Markdown tables ({@code results.md}). */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * @param r the results
     * @param chartFile the chart's file name, linked from the page
     * @return the Markdown text
     */
    public static String render(Results r, String chartFile) {
        StringBuilder md = new StringBuilder("# cqrs-routing benchmark results\n\n");
        Map<String, Object> run = r.run();
        if (!run.isEmpty()) {
            md.append("- Command: `").append(run.getOrDefault("command", "?")).append("`\n");
            md.append("- Run: ").append(run.getOrDefault("started", "?")).append(", ")
                    .append(run.getOrDefault("profile", "?")).append(" profile, took ")
                    .append(run.getOrDefault("duration", "?")).append('\n');
            md.append("- Machine: ").append(run.getOrDefault("machine", "?")).append('\n');
            md.append("- Java: ").append(run.getOrDefault("java", "?")).append('\n');
            md.append("- Database: ").append(run.getOrDefault("database", "?"))
                    .append(r.server() == null ? "" : "; server " + r.server()).append("\n\n");
        }
        md.append("![benchmark chart](").append(chartFile).append(")\n\n");
        OverheadTables.render(md, r);
        offload(md, r);
        CapacityTable.render(md, r);
        CapacityTable.sweep(md, r);
        failover(md, r);
        md.append(r.moveMarkdown());
        return md.toString();
    }

    private static void offload(StringBuilder md, Results r) {
        if (r.offload().isEmpty()) {
            return;
        }
        md.append("## Read offload\n\n")
                .append("A read-heavy mix (point read or single-row update by key) from ")
                .append(r.offload().get(0).threads())
                .append(" threads on the real primary + standby (`cqrsRoutingNoStandby`: no standby;")
                .append(" `cqrsRoutingTwoStandbys`: two; `cqrsRoutingPrimaryShare`: the primary takes a")
                .append(" share of the replica reads, see below). Reads on replicas: the router's")
                .append(" count; primary's share: transactions the primary ran out of all nodes'")
                .append(" (`pg_stat_database`, whole trial).\n\n");
        md.append("| target | reads % | ops/s (iterations min–max) | reads/s | writes/s | reads on replicas |")
                .append(" primary's share of transactions | errors/s |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Offload o : r.offload()) {
            md.append("| `").append(o.target()).append("` | ").append(o.readPercent()).append(" | ")
                    .append(Stats.integer(o.opsPerSec())).append(Double.isNaN(o.opsMin()) ? ""
                            : " (" + Stats.integer(o.opsMin()) + "–" + Stats.integer(o.opsMax()) + ")")
                    .append(" | ")
                    .append(Stats.integer(o.readsPerSec())).append(" | ")
                    .append(Stats.integer(o.writesPerSec())).append(" | ")
                    .append(Stats.percent(o.replicaShare())).append(" | ")
                    .append(Stats.percent(o.primaryShare())).append(" | ")
                    .append(Stats.integer(o.errorsPerSec())).append(" |\n");
        }
        md.append('\n');
    }

    private static void failover(StringBuilder md, Results r) {
        if (r.failover().isEmpty()) {
            return;
        }
        md.append("## Failover: from a writable primary to the first successful command\n\n")
                .append("Clients write through a failover listener (one stable address) during")
                .append(" repeated failovers; each round is a fresh primary + standby, and the clients")
                .append(" start in a random order. All have a pool of 4 (the floor client has none), a")
                .append(" 5 s connection timeout and the same path through the listener. `crash`: primary")
                .append(" killed, standby promoted, listener switched. `geo`: old primary set read-only")
                .append(" and left reachable, standby promoted, listener redirected (pooled connections")
                .append(" still reach the old primary). Clients: `hikariDefault` (HikariCP as it comes),")
                .append(" `hikariEvict25006` (an `SQLExceptionOverride` evicting on SQLState 25006),")
                .append(" `hikariSoftEvict` (`softEvictConnections()` on 25006), `cqrsRouting`, and")
                .append(" `floorFreshConnection`: a new connection per attempt, nothing stale to shed, so")
                .append(" its time is the floor of this measure (loop pause + connect + one round trip).\n\n");
        md.append("| topology | client | rounds | median | p90 | max | recovered | last error seen")
                .append(" | whole outage from the failure: median / max |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---|---:|\n");
        List<FailoverSummary> all = FailoverSummary.of(r.failover());
        for (FailoverSummary s : all) {
            double t = r.failoverTimeoutMillis();
            md.append("| ").append(s.topology).append(" | `").append(s.client).append("` | ")
                    .append(s.recovery.size()).append(" | ")
                    .append(Stats.millis(s.median(), t)).append(" | ")
                    .append(Stats.millis(Stats.quantile(s.recovery, 0.9), t)).append(" | ")
                    .append(Stats.millis(s.max(), t)).append(" | ")
                    .append(s.recovered()).append(" of ").append(s.recovery.size()).append(" | ")
                    .append(s.lastError == null ? "" : s.lastError).append(" | ")
                    .append(Stats.millis(Stats.median(s.outage), t))
                    .append(" / ").append(Stats.millis(Stats.max(s.outage), t))
                    .append(" |\n");
        }
        md.append('\n');
        for (String topology : FailoverSummary.topologies(all)) {
            for (FailoverSummary s : all) {
                if (s.topology.equals(topology)) {
                    md.append("- ").append(topology).append(": the database's own promotion took ")
                            .append(Stats.millis(Stats.median(s.promotion), Double.NaN))
                            .append(" (median) / ")
                            .append(Stats.millis(Stats.max(s.promotion), Double.NaN))
                            .append(" (max); it comes before the measured interval.\n");
                    break;
                }
            }
        }
        md.append('\n');
    }

    /** Failover rounds grouped by topology and client. */
    static final class FailoverSummary {
        final String topology;
        final String client;
        final List<Double> recovery = new ArrayList<>();
        final List<Double> promotion = new ArrayList<>();
        final List<Double> outage = new ArrayList<>();
        String lastError;

        FailoverSummary(String topology, String client) {
            this.topology = topology;
            this.client = client;
        }

        double median() {
            return Stats.median(recovery);
        }

        double max() {
            return Stats.max(recovery);
        }

        long recovered() {
            return recovery.stream().filter(v -> v >= 0).count();
        }

        static List<FailoverSummary> of(List<Results.Failover> rows) {
            Map<String, FailoverSummary> out = new LinkedHashMap<>();
            for (Results.Failover f : rows) {
                FailoverSummary s = out.computeIfAbsent(f.topology() + "/" + f.client(),
                        k -> new FailoverSummary(f.topology(), f.client()));
                s.recovery.add(f.recoveryMillis());
                s.promotion.add(f.promotionMillis());
                if (!Double.isNaN(f.outageMillis())) {
                    s.outage.add(f.outageMillis());
                }
                if (f.lastError() != null) {
                    s.lastError = f.lastError();
                }
            }
            return new ArrayList<>(out.values());
        }

        static Set<String> topologies(List<FailoverSummary> all) {
            Set<String> t = new LinkedHashSet<>();
            all.forEach(s -> t.add(s.topology));
            return t;
        }
    }
}
