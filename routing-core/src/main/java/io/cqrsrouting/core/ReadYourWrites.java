package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;

/**
 * The slow path of a read-your-writes read whose token is newer than the monitor's last look at
 * the replicas: ask the most advanced replica directly, over the connection that will serve the
 * read, and wait up to the read's {@code waitMillis} for it to replay the token.
 */
final class ReadYourWrites {

    private static final long POLL_NANOS = 2_000_000L;

    private ReadYourWrites() {
    }

    static Connection awaitReplica(RoutingDataSource router, RoutingIntent intent, long token) {
        Dialect dialect = router.dialect();
        Endpoint best = mostAdvanced(router.replicaEndpoints());
        if (dialect == null || best == null) {
            return null;
        }
        long deadline = System.nanoTime() + (intent == null ? 0 : intent.waitMillis()) * 1_000_000L;
        Connection c = null;
        try {
            c = best.dataSource().getConnection();
            while (true) {
                if (dialect.probe(c).position() >= token) {
                    Connection served = router.routed(c, best, Route.REPLICA);
                    c = null;
                    return served;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return null;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (SQLException e) {
            router.connectFailed(best, e);
            return null;
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // returning a probe connection to its pool; nothing to do on failure
                }
            }
        }
    }

    private static Endpoint mostAdvanced(Endpoint[] replicas) {
        Endpoint best = null;
        for (Endpoint e : replicas) {
            if (e.reachable() && e.role() != NodeRole.WRITABLE
                    && (best == null || e.replayPosition() > best.replayPosition())) {
                best = e;
            }
        }
        return best;
    }
}
