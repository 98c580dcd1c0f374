package io.cqrsrouting.benchmark.report;

import java.util.Locale;

/**
 * The share of replica reads the primary should take so that, at the measured costs, the primary
 * and the (single) standby use the same CPU per operation: with equal caps, the busiest node then
 * saturates as late as it can. From the same run's {@code manualSplit} row (primary: the writes and
 * WAL sending, P; standby: all reads and WAL replay, S) and {@code primaryOnly} row (primary: reads
 * and writes, P0), a read costs about X = P0 − P on a node, and moving a share s of the reads to the
 * primary gives primary P + sX, standby S − sX: equal at s = (S − P) / 2X, kept within [0, 0.9].
 */
public final class BalancedShare {

    /** The share used when the run has no CPU figures (no cgroups, external database). */
    public static final double FALLBACK = 0.3;

    /**
     * @param share the chosen share
     * @param how how it was chosen, for the report
     */
    public record Choice(double share, String how) {
    }

    private BalancedShare() {
    }

    /**
     * @param r the results so far (the offload rows of this run)
     * @param readPercent the mix
     * @return the balancing share, or {@link #FALLBACK} when the figures are missing
     */
    public static Choice of(Results r, int readPercent) {
        Results.Cpu split = r.cpu("manualSplit", readPercent);
        Results.Cpu alone = r.cpu("primaryOnly", readPercent);
        if (split == null || alone == null) {
            return fallback("no manualSplit and primaryOnly CPU figures at " + readPercent + " %");
        }
        double p = split.microsPerOp("primary");
        double s = split.microsPerOp("replica-1");
        double p0 = alone.microsPerOp("primary");
        double x = p0 - p;
        if (Double.isNaN(p) || Double.isNaN(s) || Double.isNaN(p0) || x <= 0) {
            return fallback("per-node CPU figures missing or inconsistent at " + readPercent + " %");
        }
        double share = Math.max(0, Math.min(0.9, (s - p) / (2 * x)));
        return new Choice(share, String.format(Locale.ROOT, "balances the measured costs at %d %%"
                + " reads: manualSplit primary %.1f us/op, standby %.1f us/op; primaryOnly primary"
                + " %.1f us/op; (S − P) / 2(P0 − P) = %.2f", readPercent, p, s, p0, share));
    }

    private static Choice fallback(String why) {
        return new Choice(FALLBACK, "fixed " + FALLBACK + " (" + why + ")");
    }
}
