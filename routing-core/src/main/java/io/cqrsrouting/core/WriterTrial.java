package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.dialect.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Lets a refused command find out for itself whether the primary endpoint takes writes again, on
 * the pool connection it would use anyway (endpoint mode only).
 *
 * <p>Without it, the first command after a failover pays two connects in series: the monitor's
 * probe opens a connection to learn that the endpoint is writable, then the command's pool opens
 * another. With it, a command refused while the primary endpoint refuses writes may (rate-limited,
 * see {@link #GAP_MILLIS}) take one connection from the endpoint's HikariCP pool, waiting at most
 * {@link #WAIT_MILLIS}, and ask the node its role with the dialect's probe (PostgreSQL:
 * {@code pg_is_in_recovery()} and {@code transaction_read_only}; SQL Server: {@code Updateability}).
 * Only a connection whose node answers writable is handed to the command, and the monitor's state
 * is updated at once (writes-unavailable mode ends); one that answers read-only is evicted from the
 * pool; in every other case the command fails fast as before. Nothing of the command is ever sent
 * before the check, so no command runs on a read-only node and none is repeated.
 *
 * <p>Why the bounds: a trial keeps a command waiting, so it waits only a few milliseconds; the
 * connect it started goes on in the pool's own thread and, if the node is up, leaves the
 * connection idle in the pool, where the next trial finds it (the connect is still paid once).
 * One trial runs at a time, and a new one starts at most once per {@link #GAP_MILLIS}, plus one
 * on an idle connection left by a trial whose wait ran out; so a storm of refused commands makes
 * at most one connection attempt per gap. The gap is also longer than HikariCP's first connect
 * back-off (10 ms in HikariCP 7) plus a trial's wait, so after a failed connect the pool's
 * connection filler finds no waiter, stops, and starts afresh (no growing back-off) at the next
 * trial; only latency depends on that, never correctness.
 */
final class WriterTrial {

    /** The longest a command waits for a pool connection in a trial. */
    static final long WAIT_MILLIS = 10;

    /** The shortest time between the starts of two trials on one endpoint. */
    static final long GAP_MILLIS = 25;

    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(GAP_MILLIS);

    private final ClusterState state;
    private final boolean enabled;
    private final int checkTimeoutMillis;
    private final AtomicLong nextStart = new AtomicLong(System.nanoTime());
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong proven = new AtomicLong();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean credit = new AtomicBoolean();

    /**
     * @param state the cluster state to report a writable primary to
     * @param clusterMode in cluster mode the writer is found among the nodes by the monitor;
     *     trials are for a fixed primary endpoint whose target moves (listener, DNS name)
     * @param checkTimeoutMillis the network timeout of the role check (the probe timeout)
     */
    WriterTrial(ClusterState state, boolean clusterMode, long checkTimeoutMillis) {
        this.state = state;
        this.enabled = !clusterMode;
        this.checkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, checkTimeoutMillis);
    }

    /** @return how many trials have started (for tests and diagnostics) */
    long started() {
        return started.get();
    }

    /** @return how many trials found the primary endpoint writable and served their command */
    long proven() {
        return proven.get();
    }

    /**
     * @param w the writer, which refuses writes as far as the router knows
     * @return a connection proven writable, for the command, or null: the command fails fast
     */
    Connection attempt(Endpoint w) {
        HikariPool pool = enabled ? pool(w.dataSource()) : null;
        Dialect dialect = state.dialect();
        if (pool == null || dialect == null || state.monitor() == null
                || !claim(pool.getIdleConnections() > 0)) {
            return null;
        }
        try {
            return check(w, pool, dialect);
        } finally {
            busy.set(false);
        }
    }

    private Connection check(Endpoint w, HikariPool pool, Dialect dialect) {
        Connection c;
        try {
            c = pool.getConnection(WAIT_MILLIS);
        } catch (SQLException | RuntimeException e) {
            credit.set(true); // the pool may still be connecting: let the next command look
            return null;
        }
        boolean writable = false;
        try {
            writable = writable(c, dialect);
        } catch (SQLException | RuntimeException e) {
            writable = false;
        }
        if (!writable) {
            discard(w, c);
            return null;
        }
        if (!state.writerProven(w)) {
            discard(w, c); // writer changed meanwhile; let the command start over
            return null;
        }
        proven.incrementAndGet();
        return c;
    }

    /**
     * Claims a trial; lock-free, one at a time. A trial starts at most once per gap, except that
     * a trial whose wait ran out (its connect may still be under way in the pool) leaves one
     * credit: the next refused command may use it at once if the pool has an idle connection by
     * then (it needs no new connection). So at most two trials, and at most one connection
     * attempt, start per gap, however many commands are refused.
     */
    private boolean claim(boolean idle) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        long now = System.nanoTime();
        long next = nextStart.get();
        boolean due = now - next >= 0 && nextStart.compareAndSet(next, now + GAP_NANOS);
        if (!due && !(idle && credit.compareAndSet(true, false))) {
            busy.set(false);
            return false;
        }
        credit.set(false);
        started.incrementAndGet();
        return true;
    }

    private boolean writable(Connection c, Dialect dialect) throws SQLException {
        int before = c.getNetworkTimeout();
        c.setNetworkTimeout(Runnable::run, checkTimeoutMillis);
        try {
            if (!c.getAutoCommit()) {
                c.rollback(); // start clean: the check must not open the command's transaction
            }
            boolean writable = dialect.probe(c).writable();
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return writable;
        } finally {
            c.setNetworkTimeout(Runnable::run, before);
        }
    }

    /** A connection that did not prove writable never serves a command or returns to the pool. */
    private static void discard(Endpoint w, Connection c) {
        DataSource ds = w.dataSource();
        try {
            if (ds instanceof HikariDataSource) {
                ((HikariDataSource) ds).evictConnection(c);
            } else {
                c.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // it is being thrown away
        }
    }

    /** @return the HikariCP pool behind {@code ds} (its bounded borrow), or null */
    private static HikariPool pool(DataSource ds) {
        if (!(ds instanceof HikariDataSource)) {
            return null;
        }
        HikariDataSource hikari = (HikariDataSource) ds;
        if (hikari.isClosed()) {
            return null;
        }
        HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
        return bean instanceof HikariPool ? (HikariPool) bean : null;
    }
}
