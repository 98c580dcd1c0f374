package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.ReplicaSelection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks an eligible replica for one read. Lock-free and allocation-free: a shared counter walks a
 * precomputed schedule (each replica repeated by its weight), skipping replicas that are down,
 * lag past the read's bound, or have not replayed the caller's token.
 */
final class ReplicaSelector {

    private final Endpoint[] replicas;
    private final int[] schedule;
    private final ReplicaSelection mode;
    private final AtomicLong counter = new AtomicLong();
    private final boolean readOnlyOnly;

    /**
     * @param replicas the replicas
     * @param weights their weights (used by {@link ReplicaSelection#WEIGHTED})
     * @param mode the selection strategy
     * @param readOnlyOnly whether only nodes that report read-only may serve (cluster mode, where
     *     the writable node is the primary and is not meant to take replica reads)
     */
    public ReplicaSelector(Endpoint[] replicas, int[] weights, ReplicaSelection mode,
            boolean readOnlyOnly) {
        this.replicas = replicas;
        this.readOnlyOnly = readOnlyOnly;
        this.mode = mode;
        this.schedule = mode == ReplicaSelection.WEIGHTED ? interleave(weights)
                : identity(replicas.length);
    }

    /**
     * @param boundMillis the read's staleness bound, {@code -1} for none
     * @param token the caller's consistency token, {@code -1} for none
     * @return an eligible replica, or {@code null} if there is none
     */
    public Endpoint pick(long boundMillis, long token) {
        int n = schedule.length;
        if (n == 0) {
            return null;
        }
        if (replicas.length == 1) {
            // One replica: nothing to rotate, so no write to the shared counter.
            Endpoint e = replicas[0];
            return usable(e) && eligible(e, boundMillis, token) ? e : null;
        }
        if (mode == ReplicaSelection.LEAST_LAG) {
            return leastLag(boundMillis, token);
        }
        int start = (int) ((counter.getAndIncrement() & Long.MAX_VALUE) % n);
        for (int i = 0; i < n; i++) {
            Endpoint e = replicas[schedule[(start + i) % n]];
            if (usable(e) && eligible(e, boundMillis, token)) {
                return e;
            }
        }
        return null;
    }

    private Endpoint leastLag(long boundMillis, long token) {
        int n = replicas.length;
        int start = (int) ((counter.getAndIncrement() & Long.MAX_VALUE) % n);
        Endpoint best = null;
        for (int i = 0; i < n; i++) {
            Endpoint e = replicas[(start + i) % n];
            if (usable(e) && eligible(e, boundMillis, token)
                    && (best == null || lagOrMax(e) < lagOrMax(best))) {
                best = e;
            }
        }
        return best;
    }

    private boolean usable(Endpoint e) {
        // In cluster mode only standbys serve reads: not a demoted primary left up read-only.
        return !readOnlyOnly || (e.role() == NodeRole.READ_ONLY && e.replica());
    }

    private static long lagOrMax(Endpoint e) {
        long lag = e.lagMillis();
        return lag < 0 ? Long.MAX_VALUE : lag;
    }

    /**
     * @param e a replica
     * @param boundMillis the staleness bound, {@code -1} for none
     * @param token the consistency token, {@code -1} for none
     * @return whether {@code e} may serve a read with that bound and token
     */
    public static boolean eligible(Endpoint e, long boundMillis, long token) {
        if (!e.reachable()) {
            return false;
        }
        if (e.role() == NodeRole.WRITABLE) {
            // A "replica" endpoint that accepts writes (read scale-out off) is current by nature.
            return true;
        }
        if (boundMillis >= 0) {
            long lag = e.lagMillisAt(System.currentTimeMillis());
            if (lag < 0 || lag > boundMillis) {
                return false;
            }
        }
        return token < 0 || e.replayPosition() >= token;
    }

    private static int[] identity(int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    // Smooth weighted round-robin, unrolled once: weights 3,1 give 0,0,1,0 rather than 0,0,0,1.
    private static int[] interleave(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int[] schedule = new int[total];
        int[] current = new int[weights.length];
        for (int k = 0; k < total; k++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            schedule[k] = best;
        }
        return schedule;
    }
}
