package io.cqrsrouting.core.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import javax.sql.DataSource;

/**
 * What the router does to an endpoint's pool off the per-call path, for {@link Endpoint}: describe
 * its occupancy for error messages, evict its connections after a failover, close a pool the router
 * built. Only a HikariCP pool is inspected or evicted; any other pool is left alone.
 */
final class PoolControl {

    private PoolControl() {
    }

    /** @see Endpoint#poolState() */
    static String state(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource)) {
            return "pool size unknown (" + dataSource.getClass().getSimpleName() + ")";
        }
        HikariDataSource hikari = (HikariDataSource) dataSource;
        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
        String size = "pool size " + hikari.getMaximumPoolSize();
        return pool == null ? size : size + " (active " + pool.getActiveConnections() + ", idle "
                + pool.getIdleConnections() + ", waiting " + pool.getThreadsAwaitingConnection()
                + ")";
    }

    /** Closes idle pooled connections and retires busy ones when they come back (HikariCP). */
    static void evict(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource) {
            HikariPoolMXBean pool = ((HikariDataSource) dataSource).getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    /** Closes {@code owned} (a pool the router built), if any; best effort. */
    static void closeQuietly(AutoCloseable owned) {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // closing is best effort; the router is going away
            }
        }
    }
}
