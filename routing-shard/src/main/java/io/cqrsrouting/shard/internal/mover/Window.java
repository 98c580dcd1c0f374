package io.cqrsrouting.shard.internal.mover;

import java.util.Locale;

/**
 * The time a batch refused writes, in this run of the mover, phase by phase: from the moment its
 * mapping starts going offline to the switch. Each phase's time includes persisting the step that
 * precedes it. Reported in the switch step's detail and, for the longest batch, in the completed
 * move's detail; never holds key values.
 */
final class Window {

    private long start;
    private long last;
    private final StringBuilder phases = new StringBuilder();
    private long longestNanos = -1;
    private String longest = "";

    /** The batch's mapping starts going offline now. */
    void open() {
        start = System.nanoTime();
        last = start;
        phases.setLength(0);
    }

    /** The phase {@code name} ended now (nothing if no window was opened in this run). */
    void mark(String name) {
        if (start == 0) {
            return;
        }
        long now = System.nanoTime();
        phases.append(phases.length() == 0 ? "" : ", ").append(name).append(' ').append(ms(now - last)).append(" ms");
        last = now;
    }

    /** The batch switched: @return "; it refused writes for N ms (phases)" or "" if the window began in another run. */
    String close() {
        if (start == 0) {
            return "";
        }
        long total = System.nanoTime() - start;
        String text = "it refused writes for " + ms(total) + " ms (" + phases + ")";
        if (total > longestNanos) {
            longestNanos = total;
            longest = text;
        }
        start = 0;
        return "; " + text;
    }

    /** @return "; the longest batch window: ..." or "" if no batch switched in this run */
    String longest() {
        return longestNanos < 0 ? "" : "; longest write window of this run: " + longest;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
