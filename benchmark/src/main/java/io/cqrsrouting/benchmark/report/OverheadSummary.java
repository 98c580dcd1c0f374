package io.cqrsrouting.benchmark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overhead measurements of a run, aggregated across passes. Each pass is one JMH fork per mode
 * (the modes interleaved: every pass runs all of them), so the spread between passes is the
 * run-to-run spread a reader must see: every mean carries a 95 % confidence interval computed
 * across passes (Student's t), and every Δ against {@code direct} is the mean of the per-pass
 * differences with its own interval. A Δ whose interval includes 0 is marked as not significant.
 */
public final class OverheadSummary {

    /** One mode in one benchmark at one thread count. */
    public record Cell(String benchmark, String mode, int threads, double mean, double ci,
            double delta, double deltaCi, double bytes, double bytesNoEscapeAnalysis, int passes) {

        /** @return true if the Δ interval excludes 0 */
        public boolean significant() {
            return !Double.isNaN(deltaCi) && Math.abs(delta) > deltaCi;
        }
    }

    private final Map<String, Cell> cells = new LinkedHashMap<>();

    private OverheadSummary() {
    }

    /**
     * @param rows every overhead row of a run
     * @return the aggregate
     */
    public static OverheadSummary of(List<Results.Overhead> rows) {
        Map<String, Map<Integer, Results.Overhead>> byKey = new LinkedHashMap<>();
        Map<String, Double> noEa = new LinkedHashMap<>();
        for (Results.Overhead o : rows) {
            String key = key(o.benchmark(), o.mode(), o.threads());
            if (o.escapeAnalysisOff()) {
                noEa.put(key, o.bytesPerOp());
            } else {
                byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(o.pass(), o);
            }
        }
        OverheadSummary s = new OverheadSummary();
        for (Map.Entry<String, Map<Integer, Results.Overhead>> e : byKey.entrySet()) {
            Results.Overhead first = e.getValue().values().iterator().next();
            List<Double> scores = new ArrayList<>();
            List<Double> bytes = new ArrayList<>();
            for (Results.Overhead o : e.getValue().values()) {
                scores.add(o.nsPerOp());
                bytes.add(o.bytesPerOp());
            }
            Map<Integer, Results.Overhead> direct = byKey.get(key(first.benchmark(), "direct",
                    first.threads()));
            List<Double> deltas = new ArrayList<>();
            if (direct != null && !first.mode().equals("direct")) {
                for (Map.Entry<Integer, Results.Overhead> p : e.getValue().entrySet()) {
                    Results.Overhead d = direct.get(p.getKey());
                    if (d != null) {
                        deltas.add(p.getValue().nsPerOp() - d.nsPerOp());
                    }
                }
            }
            double ci = scores.size() > 1 ? ci95(scores) : first.nsError();
            s.cells.put(e.getKey(), new Cell(first.benchmark(), first.mode(), first.threads(),
                    mean(scores), ci, deltas.isEmpty() ? Double.NaN : mean(deltas),
                    deltas.size() > 1 ? ci95(deltas) : Double.NaN, Stats.median(bytes),
                    noEa.getOrDefault(e.getKey(), Double.NaN), scores.size()));
        }
        return s;
    }

    /** @return every cell, in the order the rows came */
    public List<Cell> cells() {
        return new ArrayList<>(cells.values());
    }

    /**
     * @return the cell, or {@code null}
     * @param benchmark benchmark method
     * @param mode mode
     * @param threads threads
     */
    public Cell get(String benchmark, String mode, int threads) {
        return cells.get(key(benchmark, mode, threads));
    }

    /** @return the modes, in the order they first appear */
    public List<String> modes() {
        List<String> out = new ArrayList<>();
        for (Cell c : cells.values()) {
            if (!out.contains(c.mode())) {
                out.add(c.mode());
            }
        }
        return out;
    }

    /** @return the thread counts measured, ascending */
    public List<Integer> threads() {
        return cells.values().stream().map(Cell::threads).distinct().sorted().toList();
    }

    /** @return the most passes any cell has */
    public int passes() {
        return cells.values().stream().mapToInt(Cell::passes).max().orElse(0);
    }

    private static String key(String benchmark, String mode, int threads) {
        return benchmark + "/" + mode + "/" + threads;
    }

    static double mean(List<Double> v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.size();
    }

    /** Half-width of the 95 % confidence interval of the mean (Student's t, n − 1 d.f.). */
    static double ci95(List<Double> v) {
        int n = v.size();
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return t975(n - 1) * sd / Math.sqrt(n);
    }

    /** The 97.5 % quantile of Student's t for small degrees of freedom (two-sided 95 %). */
    static double t975(int df) {
        double[] table = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086};
        return df < table.length ? table[df] : 1.96 + 2.4 / df;
    }
}
