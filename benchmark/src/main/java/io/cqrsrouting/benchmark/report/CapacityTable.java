package io.cqrsrouting.benchmark.report;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The capacity section of {@code results.md}: what each node spent per operation (CPU time from its
 * cgroup, measurement iterations only), how often a capped node was throttled, and the ceiling the
 * measured costs imply: with every node capped at C CPUs, the mix cannot go faster than
 * {@code ops/s × C / (CPUs used by the busiest node)}.
 */
final class CapacityTable {

    private CapacityTable() {
    }

    static void render(StringBuilder md, Results r) {
        if (r.offload().isEmpty()) {
            return;
        }
        Set<String> nodes = new LinkedHashSet<>();
        boolean any = false;
        for (Results.Offload o : r.offload()) {
            Results.Cpu c = r.cpu(o.target(), o.readPercent());
            if (c != null && !c.nodes().isEmpty()) {
                nodes.addAll(c.nodes().keySet());
                any = true;
            }
        }
        if (!any) {
            md.append("No per-node CPU figures: cgroup v1 (`/sys/fs/cgroup/cpu`, `cpuacct`) could not")
                    .append(" be written here, so the nodes ran uncapped and unaccounted.\n\n");
            return;
        }
        md.append("## Capacity: CPU per operation on each node\n\n")
                .append("Each embedded node runs in a cgroup of its own (CFS period 10 ms); CPU time is")
                .append(" the node's processes' (`cpuacct.usage`) over the measurement iterations,")
                .append(" divided by the operations completed. Throttled: CFS periods in which a capped")
                .append(" node ran out of quota (`nr_throttled`). Client: the benchmark JVM's own CPU")
                .append(" time per operation. Ceiling (the capacity model): the throughput at which the")
                .append(" busiest node would use its whole cap at the measured cost per operation;")
                .append(" \"of ceiling\" is the achieved rate against it, i.e. how close the busiest")
                .append(" node came to its cap (well below 100 %: something else, such as the client")
                .append(" sharing the machine, held the rate back).\n\n");
        md.append("| target | reads % | standbys | cap (CPUs per node) | ops/s |");
        for (String n : nodes) {
            md.append(' ').append(n).append(" µs CPU/op | ").append(n).append(" throttled |");
        }
        md.append(" client µs CPU/op | ceiling ops/s | of ceiling |\n|---|---:|---:|---:|---:|");
        md.append("---:|---:|".repeat(nodes.size())).append("---:|---:|---:|\n");
        Set<String> durability = new LinkedHashSet<>();
        Set<String> notFlushed = new LinkedHashSet<>();
        for (Results.Offload o : r.offload()) {
            Results.Cpu c = r.cpu(o.target(), o.readPercent());
            if (c == null) {
                continue;
            }
            durability.add(c.durability());
            if (!c.statsFlushed()) {
                notFlushed.add(o.target() + " " + o.readPercent() + " %");
            }
            md.append("| `").append(o.target()).append("` | ").append(o.readPercent()).append(" | ")
                    .append(c.standbys() < 0 ? "?" : String.valueOf(c.standbys())).append(" | ")
                    .append(Double.isNaN(c.cap()) ? "none" : String.format(Locale.ROOT, "%.2f", c.cap()))
                    .append(" | ").append(Stats.integer(o.opsPerSec())).append(" |");
            for (String n : nodes) {
                double[] v = c.nodes().get(n);
                md.append(' ').append(fixed(c.microsPerOp(n))).append(" | ")
                        .append(v == null ? "–" : Stats.integer(v[1])).append(" |");
            }
            double ceiling = c.ceiling(o.opsPerSec());
            md.append(' ').append(fixed(c.ops() > 0 ? c.clientNanos() / 1000 / c.ops() : Double.NaN))
                    .append(" | ").append(Stats.integer(ceiling)).append(" | ")
                    .append(Stats.percent(o.opsPerSec() / ceiling)).append(" |\n");
        }
        md.append('\n');
        md.append("Durability: ").append(durability.equals(Set.of("on"))
                ? "`fsync` and `synchronous_commit` on on every node (checked at the start of each"
                        + " trial)." : "not all nodes ran with `fsync` and `synchronous_commit` on: "
                        + String.join("; ", durability) + ".")
                .append(notFlushed.isEmpty() ? " Transaction counts read after every client session"
                        + " had ended (polled, bounded)." : " Transaction counts missing for "
                        + String.join(", ", notFlushed) + ": client sessions were still open after"
                        + " 10 s.")
                .append("\n\n");
        r.primaryShares().forEach((trial, share) -> md.append("`").append(trial.replace("/", "` at "))
                .append(" % reads: the primary takes a share of the replica reads (the router's")
                .append(" `primaryReadShare`): ").append(share).append(".\n\n"));
        scale(md, r);
    }

    /** The open-loop sweep: latency against offered load. */
    static void sweep(StringBuilder md, Results r) {
        if (r.sweep().isEmpty()) {
            return;
        }
        md.append("## Open-loop latency against offered load\n\n")
                .append(String.format(Locale.ROOT, "Operations of the %.0f %% read mix arrive on a fixed"
                        + " schedule whatever the system does; latency counts from each operation's"
                        + " scheduled start (queueing included, no coordinated omission). Offered rates"
                        + " are multiples of `primaryOnly`'s closed-loop throughput here; nodes capped at"
                        + " %.2f CPU each (0: uncapped).%n%n", r.sweepReadPercent(), r.sweepCap()))
                .append("| target | offered ops/s | achieved ops/s | p50 | p99 | errors |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Results.SweepPoint p : r.sweep()) {
            md.append("| `").append(p.target()).append("` | ").append(Stats.integer(p.offered()))
                    .append(" | ").append(Stats.integer(p.achieved())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f ms | %.2f ms | ", p.p50Millis(), p.p99Millis()))
                    .append(p.errors()).append(" |\n");
        }
        md.append('\n');
    }

    /** Puts the routing overhead beside what the database spends per operation. */
    private static void scale(StringBuilder md, Results r) {
        OverheadSummary.Cell q = OverheadSummary.of(r.overhead()).get("query", "cqrsRouting", 1);
        for (Results.Offload o : r.offload()) {
            Results.Cpu c = r.cpu(o.target(), o.readPercent());
            if (q == null || Double.isNaN(q.delta()) || c == null || !"primaryOnly".equals(o.target())) {
                continue;
            }
            double dbMicros = c.microsPerOp("primary");
            md.append(String.format(Locale.ROOT, "For scale: the router adds %.2f µs per routed read"
                    + " (`query`, one thread, above); the primary alone spends %.1f µs of CPU per"
                    + " operation of this mix (`primaryOnly`, %d %% reads): %.2f %% of it.%n%n",
                    q.delta() / 1000, dbMicros, o.readPercent(), 100 * q.delta() / 1000 / dbMicros));
            return;
        }
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }
}
