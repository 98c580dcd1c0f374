package io.cqrsrouting.benchmark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's numbers as one SVG chart ({@code results.svg}): horizontal bar panels for overhead,
 * offload and failover, drawn by hand (no charting library).
 */
public final class SvgChart {

    private static final int WIDTH = 1060;
    private static final int LABEL_W = 200;
    private static final int BAR_W = 520;
    private static final int BAR_H = 15;
    private static final int GAP = 4;
    private static final Map<String, String> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("direct", "#9e9e9e");
        COLORS.put("primaryOnly", "#9e9e9e");
        COLORS.put("cqrsRouting", "#1f6fb4");
        COLORS.put("springLazyReadOnly", "#2ca02c");
        COLORS.put("abstractRoutingDataSource", "#ff7f0e");
        COLORS.put("hikariDefault", "#ff7f0e");
        COLORS.put("hikariEvict25006", "#d62728");
        COLORS.put("hikariSoftEvict", "#e377c2");
        COLORS.put("floorFreshConnection", "#5d5d5d");
        COLORS.put("springReadOnlySupports", "#98df8a");
        COLORS.put("cqrsRoutingObserved", "#aec7e8");
        COLORS.put("cqrsRoutingNoMonitor", "#393b79");
        COLORS.put("dynamicDatasource", "#9467bd");
        COLORS.put("manualSplit", "#17becf");
        COLORS.put("cqrsRoutingTrackWritesOff", "#7fb2de");
        COLORS.put("noopAdvice", "#c7c7c7");
    }

    /** One bar; {@code open} bars are lower bounds (the event did not happen before the limit). */
    record Bar(String label, double value, String note, boolean open, double whisker) {
    }

    /** Bars under one heading. */
    record Group(String title, List<Bar> bars) {
    }

    private final StringBuilder body = new StringBuilder();
    private int y = 20;

    private SvgChart() {
    }

    /**
     * @param r the results
     * @return the SVG document
     */
    public static String render(Results r) {
        SvgChart c = new SvgChart();
        c.text(20, c.y + 8, "cqrs-routing benchmarks", 16, "bold", "start");
        c.y += 24;
        for (String key : new String[] {"machine", "java", "database"}) {
            Object v = r.run().get(key);
            if ("database".equals(key) && v != null && r.server() != null) {
                v = v + "; server " + r.server();
            }
            if (v != null) {
                c.text(20, c.y, key + ": " + v, 11, "normal", "start");
                c.y += 15;
            }
        }
        c.overhead(r);
        c.offload(r);
        c.failover(r);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + (c.y + 10)
                + "\" viewBox=\"0 0 " + WIDTH + " " + (c.y + 10) + "\" font-family=\"Helvetica, Arial,"
                + " sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + c.body
                + "</svg>\n";
    }

    private void overhead(Results r) {
        if (r.overhead().isEmpty()) {
            return;
        }
        Map<String, List<Bar>> groups = new LinkedHashMap<>();
        for (OverheadSummary.Cell o : OverheadSummary.of(r.overhead()).cells()) {
            if (o.threads() != 1) {
                continue;
            }
            groups.computeIfAbsent(o.benchmark(), k -> new ArrayList<>()).add(new Bar(o.mode(),
                    o.mean(), Stats.integer(o.bytes()) + " B/op", false,
                    Double.isNaN(o.ci()) ? Double.NaN : o.mean() + o.ci()));
        }
        List<Group> list = new ArrayList<>();
        for (String b : List.of("query", "queryInTransaction", "command")) {
            if (groups.containsKey(b)) {
                list.add(new Group(b + "()", groups.get(b)));
            }
        }
        panel("Routing overhead: ns per annotated call through the Spring proxy, one thread (stub"
                + " JDBC driver; whisker: 95 % CI across passes; lower is better)", list, false, "ns");
    }

    private void offload(Results r) {
        if (r.offload().isEmpty()) {
            return;
        }
        List<Bar> reads = new ArrayList<>();
        List<Bar> writes = new ArrayList<>();
        List<Bar> share = new ArrayList<>();
        List<Bar> capacity = new ArrayList<>();
        for (Results.Offload o : r.offload()) {
            String label = o.target() + (r.offload().stream().map(Results.Offload::readPercent)
                    .distinct().count() > 1 ? " (" + o.readPercent() + " % reads)" : "");
            reads.add(new Bar(label, o.readsPerSec(), Stats.percent(o.replicaShare())
                    + " on replicas", false, Double.NaN));
            writes.add(new Bar(label, o.writesPerSec(), "", false, Double.NaN));
            share.add(new Bar(label, o.primaryShare() * 100, "", false, Double.NaN));
            Results.Cpu c = r.cpu(o.target(), o.readPercent());
            if (c != null && !Double.isNaN(c.ceiling(o.opsPerSec()))) {
                capacity.add(new Bar(label, o.opsPerSec(), "model ceiling "
                        + Stats.integer(c.ceiling(o.opsPerSec())) + " ops/s", false, Double.NaN));
            }
        }
        if (!capacity.isEmpty()) {
            panel("Capacity: ops/s with every node capped at the same CPU share, beside the ceiling"
                    + " the measured CPU per operation implies (higher is better)",
                    List.of(new Group("ops/s", capacity)), false, "/s");
        }
        panel("Read offload on a real primary + 0–2 standbys: throughput (higher is better)",
                List.of(new Group("reads/s", reads), new Group("writes/s", writes)), false, "/s");
        panel("Primary's share of all transactions (%) — what routing takes off the primary",
                List.of(new Group("", share)), false, "%");
    }

    private void failover(Results r) {
        if (r.failover().isEmpty()) {
            return;
        }
        double timeout = r.failoverTimeoutMillis();
        List<Group> list = new ArrayList<>();
        for (String topology : MarkdownReport.FailoverSummary.topologies(
                MarkdownReport.FailoverSummary.of(r.failover()))) {
            List<Bar> bars = new ArrayList<>();
            for (MarkdownReport.FailoverSummary s : MarkdownReport.FailoverSummary.of(r.failover())) {
                if (!s.topology.equals(topology)) {
                    continue;
                }
                double med = s.median();
                double max = s.max();
                boolean open = Double.isInfinite(med);
                bars.add(new Bar(s.client, open ? timeout : med,
                        open ? "no write within " + Stats.seconds(timeout)
                                : "p90 " + Stats.millis(Stats.quantile(s.recovery, 0.9), timeout)
                                        + ", max " + Stats.millis(max, timeout)
                                        + (s.recovered() < s.recovery.size() ? " (" + (s.recovery.size()
                                        - s.recovered()) + " without a write)" : ""),
                        open, Double.isInfinite(max) ? timeout : max));
            }
            list.add(new Group(topology, bars));
        }
        panel("Failover: ms from a writable primary to the first successful command (median,"
                + " whisker = max; log scale)", list, true, "ms");
    }

    private void panel(String title, List<Group> groups, boolean log, String unit) {
        y += 14;
        text(20, y, title, 13, "bold", "start");
        y += 10;
        double max = 0;
        for (Group g : groups) {
            for (Bar b : g.bars()) {
                max = Math.max(max, finite(b.value()));
                max = Math.max(max, finite(b.whisker()));
            }
        }
        if (max <= 0) {
            max = 1;
        }
        double top = log ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeil(max);
        int chartTop = y;
        for (Group g : groups) {
            if (!g.title().isEmpty()) {
                y += 16;
                text(20, y, g.title(), 12, "bold", "start");
            }
            y += GAP;
            for (Bar b : g.bars()) {
                int x0 = 20 + LABEL_W;
                text(x0 - 8, y + BAR_H - 3, b.label(), 11, "normal", "end");
                double w = scale(b.value(), top, log);
                String color = COLORS.containsKey(b.label()) ? COLORS.get(b.label())
                        : COLORS.getOrDefault(b.label().replaceAll(" \\(.*", ""), "#607d8b");
                body.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s/>\n", x0, y,
                        Math.max(w, 1), BAR_H, color, b.open() ? " fill-opacity=\"0.35\" stroke=\""
                                + color + "\" stroke-dasharray=\"4 2\"" : ""));
                if (!Double.isNaN(b.whisker()) && b.whisker() > b.value()) {
                    double wx = x0 + scale(b.whisker(), top, log);
                    int my = y + BAR_H / 2;
                    body.append(String.format(Locale.ROOT,
                            "<path d=\"M%.1f %dH%.1fM%.1f %dV%d\" stroke=\"#333\" stroke-width=\"1\"/>\n",
                            x0 + w, my, wx, wx, y + 3, y + BAR_H - 3));
                }
                String value = b.open() ? "≥ " + format(b.value(), unit) : format(b.value(), unit);
                text(x0 + BAR_W + 8, y + BAR_H - 3, value + (b.note().isEmpty() ? "" : "  " + b.note()),
                        11, "normal", "start");
                y += BAR_H + GAP;
            }
        }
        axis(chartTop, y, top, log, unit);
        y += 22;
    }

    private void axis(int from, int to, double top, boolean log, String unit) {
        int x0 = 20 + LABEL_W;
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = 1; t <= top * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                ticks.add(top * i / 4);
            }
        }
        for (double t : ticks) {
            double x = x0 + scale(t, top, log);
            body.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>\n", x, from, x, to));
            text((int) Math.round(x), to + 12, format(t, unit), 10, "normal", "middle");
        }
    }

    private static double scale(double v, double top, boolean log) {
        if (Double.isNaN(v) || v <= 0) {
            return 0;
        }
        if (log) {
            return Math.max(0, Math.log10(Math.max(v, 1))) / Math.log10(top) * BAR_W;
        }
        return Math.min(v, top) / top * BAR_W;
    }

    private static double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? 0 : v;
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String format(double v, String unit) {
        if (Double.isNaN(v)) {
            return "–";
        }
        String n = v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v)
                : v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
        return n + ("%".equals(unit) ? " %" : " " + unit);
    }

    private void text(int x, int ty, String s, int size, String weight, String anchor) {
        body.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\" fill=\"#222\">%s</text>\n",
                x, ty, size, weight, anchor, escape(s)));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
