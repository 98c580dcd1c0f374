package io.cqrsrouting.core.internal;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Holds a pool the router built back from refilling itself while its endpoint refuses writes.
 *
 * <p>HikariCP refills a pool after its connections are evicted, and retries a failed connect with
 * a growing backoff. During a failover that does harm twice: refills opened before a listener or
 * DNS name moves lead to the old, read-only node (and fail the first command after the switch
 * again), and refills against a dead node leave the pool's filler asleep in its backoff when the
 * new primary is up, so the first command after the switch waits for it. While paused the pool's
 * minimum idle count is 0, so it opens connections only on demand; commands fail fast meanwhile
 * and make no demand, and the first command after the writer is back opens one connection at
 * once. A pool given by the application is never touched.
 */
final class PoolRefill {

    private final HikariDataSource pool;
    private int minimumIdle = -1; // guarded by this; -1 while not paused

    /** @param pool the pool the router built, or null (then nothing is ever paused) */
    PoolRefill(HikariDataSource pool) {
        this.pool = pool;
    }

    synchronized void pause() {
        if (pool == null || minimumIdle >= 0 || pool.isClosed()) {
            return;
        }
        minimumIdle = pool.getMinimumIdle();
        pool.getHikariConfigMXBean().setMinimumIdle(0);
    }

    synchronized void resume() {
        if (minimumIdle < 0) {
            return;
        }
        if (!pool.isClosed()) {
            pool.getHikariConfigMXBean().setMinimumIdle(minimumIdle);
        }
        minimumIdle = -1;
    }

    synchronized boolean paused() {
        return minimumIdle >= 0;
    }
}
