package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.EndpointMonitor;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The slow path of a read-your-writes read whose token is newer than every replica the monitor
 * has seen: wait, up to the read's {@code waitMillis} (capped by the router's
 * {@code maxReadYourWritesWait}), for the monitor to see a replica that has replayed the token,
 * asking it to probe sooner. No connection is held while waiting and no query is sent from the
 * caller's thread, so a frozen replica costs the caller at most its bound.
 */
final class ReadYourWrites {

    private static final long POLL_NANOS = 2_000_000L;
    private static final long ONE_LOOK_NANOS = 20_000_000L;

    private ReadYourWrites() {
    }

    /**
     * @return a connection to a replica that has replayed {@code token}, or null when none did in
     *     time (the caller falls back to the primary)
     */
    static Connection awaitReplica(Router router, EndpointMonitor monitor,
            long waitMillis, long bound, long token) throws SQLException {
        if (monitor == null || waitMillis < 0) {
            return null;
        }
        // Even without a wait (waitMillis 0) one fresh look: a replica usually replays a commit
        // within a millisecond, and the monitor's last probe may predate the commit.
        long deadline = System.nanoTime() + Math.max(waitMillis * 1_000_000L, ONE_LOOK_NANOS);
        try {
            while (true) {
                long seen = monitor.probeCount();
                Endpoint e = router.selector().pick(bound, token);
                if (e != null) {
                    Connection c = router.replicaFor(e, token);
                    if (c != null) {
                        return c;
                    }
                    return null; // the serving connection was behind: the primary serves
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                for (Endpoint r : router.replicas()) {
                    if (r.reachable()) {
                        monitor.probeSoon(r);
                    }
                }
                monitor.awaitProbeAfter(seen, Math.min(left, POLL_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
