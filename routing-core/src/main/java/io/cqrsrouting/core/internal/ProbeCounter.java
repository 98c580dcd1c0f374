package io.cqrsrouting.core.internal;

import java.util.concurrent.TimeUnit;

/**
 * Completed probes per endpoint, for callers that wait for fresh health: tests and start-up
 * ({@code awaitMonitor}), and read-your-writes reads that wait for a replica to catch up. Only the
 * monitor threads and waiting callers touch it, never the per-call path.
 */
final class ProbeCounter {

    private final long[] probes;

    ProbeCounter(int endpoints) {
        this.probes = new long[endpoints];
    }

    /** Counts a completed probe (successful or not) of endpoint {@code index}. */
    void probed(int index) {
        synchronized (probes) {
            probes[index]++;
            probes.notifyAll();
        }
    }

    long[] snapshot() {
        synchronized (probes) {
            return probes.clone();
        }
    }

    /** @return whether every endpoint had {@code rounds} probes after {@code start} in time */
    boolean awaitRounds(long[] start, int rounds, long deadlineMillis) throws InterruptedException {
        synchronized (probes) {
            while (true) {
                boolean done = true;
                for (int i = 0; i < probes.length; i++) {
                    done &= probes[i] >= start[i] + rounds;
                }
                long left = deadlineMillis - System.currentTimeMillis();
                if (done || left <= 0) {
                    return done;
                }
                probes.wait(left);
            }
        }
    }

    long total() {
        synchronized (probes) {
            long sum = 0;
            for (long p : probes) {
                sum += p;
            }
            return sum;
        }
    }

    void awaitAfter(long seen, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (probes) {
            while (total() == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(probes, left);
            }
        }
    }
}
