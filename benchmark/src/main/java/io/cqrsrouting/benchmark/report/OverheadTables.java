package io.cqrsrouting.benchmark.report;

import java.util.List;
import java.util.Locale;

/** The overhead section of {@code results.md}: one-thread table and the thread-scaling table. */
final class OverheadTables {

    static final List<String> BENCHMARKS = List.of("query", "queryInTransaction", "command");

    private OverheadTables() {
    }

    static void render(StringBuilder md, Results r) {
        if (r.overhead().isEmpty()) {
            return;
        }
        OverheadSummary s = OverheadSummary.of(r.overhead());
        md.append("## Routing overhead per call\n\n")
                .append("An annotated service call through its Spring proxy: a pooled connection")
                .append(" (HikariCP over a stub JDBC driver that allocates nothing per statement), one")
                .append(" statement, the row read. Mean time per call over ").append(s.passes())
                .append(" pass(es), each pass one fresh JVM fork per mode, modes interleaved; ± is the")
                .append(" 95 % confidence interval across passes. Δ is the mean of the per-pass")
                .append(" differences to `direct` (the same call, no routing) with its own interval;")
                .append(" *n.s.* marks a Δ whose interval includes 0 (no claim can be made). B/op:")
                .append(" bytes allocated per call (`-prof gc`) as run, and with escape analysis off")
                .append(" (`-XX:-DoEscapeAnalysis`: what the code allocates before the JIT removes any).\n\n");
        int one = s.threads().contains(1) ? 1 : s.threads().get(0);
        md.append("One thread:\n\n| mode |");
        for (String b : BENCHMARKS) {
            md.append(' ').append(b).append(" ns/op | Δ ns | B/op (EA off) |");
        }
        md.append("\n|---|").append("---:|---:|---:|".repeat(BENCHMARKS.size())).append('\n');
        for (String mode : s.modes()) {
            md.append("| `").append(mode).append("` |");
            for (String b : BENCHMARKS) {
                OverheadSummary.Cell c = s.get(b, mode, one);
                if (c == null) {
                    md.append(" – | – | – |");
                    continue;
                }
                md.append(' ').append(Stats.ns(c.mean(), c.ci()))
                        .append(b.equals("queryInTransaction") && mode.equals("springReadOnlySupports")
                                ? " (stays on the primary)" : "")
                        .append(" | ").append(delta(c))
                        .append(" | ").append(Stats.integer(c.bytes()))
                        .append(Double.isNaN(c.bytesNoEscapeAnalysis()) ? ""
                                : " (" + Stats.integer(c.bytesNoEscapeAnalysis()) + ")")
                        .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        if (s.threads().size() > 1) {
            md.append("`query()` on several threads at once (each thread's time per call; the pools")
                    .append(" have 4 connections, so 4 threads never wait for one):\n\n| mode |");
            for (int t : s.threads()) {
                md.append(' ').append(t).append(t == 1 ? " thread" : " threads").append(" ns/op | Δ ns | Δ % |");
            }
            md.append("\n|---|").append("---:|---:|---:|".repeat(s.threads().size())).append('\n');
            for (String mode : s.modes()) {
                md.append("| `").append(mode).append("` |");
                for (int t : s.threads()) {
                    OverheadSummary.Cell c = s.get("query", mode, t);
                    OverheadSummary.Cell d = s.get("query", "direct", t);
                    if (c == null) {
                        md.append(" – | – | – |");
                        continue;
                    }
                    md.append(' ').append(Stats.ns(c.mean(), c.ci())).append(" | ").append(delta(c))
                            .append(" | ").append(d == null || Double.isNaN(c.delta()) ? ""
                                    : String.format(Locale.ROOT, "%+.0f %%", 100 * c.delta() / d.mean()))
                            .append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private static String delta(OverheadSummary.Cell c) {
        if (Double.isNaN(c.delta())) {
            return "";
        }
        String v = Stats.signed(c.delta());
        if (Double.isNaN(c.deltaCi())) {
            return v;
        }
        v += " ± " + Stats.integer(c.deltaCi());
        return c.significant() ? v : v + " *n.s.*";
    }
}
