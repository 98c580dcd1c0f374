package io.cqrsrouting.benchmark.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, max and number formatting for the report. Negative durations mean "did not happen". */
final class Stats {

    private Stats() {
    }

    /** @return the median, with missing values (negative) counted as infinitely late */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>();
        for (double v : values) {
            sorted.add(v < 0 ? Double.POSITIVE_INFINITY : v);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * @param values the values, negative ones counted as infinitely late
     * @param q the quantile, 0..1
     * @return the nearest-rank quantile, NaN if there are no values
     */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>();
        for (double v : values) {
            sorted.add(v < 0 ? Double.POSITIVE_INFINITY : v);
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** @return the maximum, infinite if any value is missing */
    static double max(List<Double> values) {
        double m = Double.NaN;
        for (double v : values) {
            double x = v < 0 ? Double.POSITIVE_INFINITY : v;
            m = Double.isNaN(m) ? x : Math.max(m, x);
        }
        return m;
    }

    static String millis(double ms, double timeoutMillis) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        if (Double.isInfinite(ms)) {
            return Double.isNaN(timeoutMillis) ? "never" : "> " + seconds(timeoutMillis) + " (none)";
        }
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000)
                : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.0f s", ms / 1000);
    }

    static String ns(double v, double err) {
        if (Double.isNaN(v)) {
            return "–";
        }
        String s = String.format(Locale.ROOT, "%,.0f", v);
        return Double.isNaN(err) ? s : s + " ± " + String.format(Locale.ROOT, "%,.0f", err);
    }

    static String integer(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+,.0f", v);
    }
}
