package io.cqrsrouting.core.internal;

import com.zaxxer.hikari.HikariDataSource;

import io.cqrsrouting.dialect.NodeRole;

import javax.sql.DataSource;

/**
 * One database endpoint (a primary, a replica, a listener, or a cluster node) with the health the
 * monitor last measured. Health fields are volatile and written only by the monitor and the
 * failure handler; the per-call path only reads them.
 */
public final class Endpoint {

    private final String name;
    private final String description;
    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final boolean declaredPrimary;
    private final PoolRefill refill;
    private volatile DataSource probeDataSource;

    private final ServedCount served = new ServedCount();
    private volatile FailureSink sink;
    // Connections handed out and not yet closed, so a dead endpoint's can be aborted: a thread
    // blocked reading from a frozen node is released even when the pool sets no socket timeout.
    private final InFlightConnections inFlight = new InFlightConnections();
    private volatile boolean reachable = true;
    private volatile NodeRole role = NodeRole.UNKNOWN;
    private volatile boolean replica;
    private volatile long lagMillis = -1;
    private volatile long replayPosition = -1;
    // When the next probe is due: a lag measured by a probe grows by the time a late probe is
    // overdue (a frozen or slow node), so a bounded read never trusts an old measurement.
    private volatile long nextProbeDueMillis = Long.MAX_VALUE;
    private volatile String positionsUnavailable;
    private volatile boolean checkServingConnection;
    private volatile long stateSinceMillis = System.currentTimeMillis();

    /**
     * @param name short stable name ({@code primary}, {@code replica-1}, ...)
     * @param description a masked description (URL without secrets, or the DataSource's type)
     * @param dataSource the pool to take connections from
     * @param owned the pool if the router built it (closed with the router), else null
     * @param declaredPrimary whether configuration declared it as the primary
     */
    public Endpoint(String name, String description, DataSource dataSource, AutoCloseable owned,
            boolean declaredPrimary) {
        this.name = name;
        this.description = description;
        this.dataSource = dataSource;
        this.owned = owned;
        this.declaredPrimary = declaredPrimary;
        this.refill = new PoolRefill(owned == dataSource && dataSource instanceof HikariDataSource
                ? (HikariDataSource) dataSource : null);
    }

    /**
     * @return whether a read that needs a known position (read-your-writes, bounded staleness)
     *     checks it on the connection that will serve it: the endpoint may spread connections
     *     over several nodes (Hyperscale, a geo-secondary with HA replicas), so the node the
     *     monitor probed may not be the one a pooled connection reaches
     */
    public boolean checkServingConnection() {
        return checkServingConnection;
    }

    /**
     * Set once by the builder, before the router starts.
     *
     * @param check see {@link #checkServingConnection()}
     */
    public void checkServingConnection(boolean check) {
        this.checkServingConnection = check;
    }

    /** @return the short name */
    public String name() {
        return name;
    }

    /** @return the masked description */
    public String description() {
        return description;
    }

    /** @return the pool */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the DataSource the monitor probes through, if one was given, else null */
    public DataSource probeDataSource() {
        return probeDataSource;
    }

    /** @param probe a non-pooling DataSource for the monitor's own connections, or null */
    public void probeDataSource(DataSource probe) {
        this.probeDataSource = probe;
    }

    /**
     * @return the pool's size and occupancy for error messages ({@code "pool size 10 (active 10,
     *     idle 0, waiting 3)"}), or {@code "pool size unknown"} for a pool that does not tell
     */
    public String poolState() {
        return PoolControl.state(dataSource);
    }

    /** @return how many connections this endpoint has handed out through the router */
    public long servedCount() {
        return served.sum();
    }

    /**
     * Counts a connection handed out (no shared write for most threads, see {@link ServedCount}).
     *
     * @param threadSlot the calling thread's {@link ThreadSlots} index
     */
    public void served(int threadSlot) {
        served.increment(threadSlot);
    }

    /** @return whether configuration declared this endpoint as the primary */
    public boolean declaredPrimary() {
        return declaredPrimary;
    }

    /** @return whether the last probe or use reached the database */
    public boolean reachable() {
        return reachable;
    }

    /** @return the role seen by the last successful probe */
    public NodeRole role() {
        return role;
    }

    /** @return whether the last probe saw a node that replicates from a primary */
    public boolean replica() {
        return replica;
    }

    /** @return replica lag in milliseconds as last measured, {@code -1} if unknown */
    public long lagMillis() {
        return lagMillis;
    }

    /**
     * @param nowMillis the current time
     * @return the lag to judge a bounded read by: the measured lag plus the time the next probe
     *     is overdue, {@code -1} if unknown
     */
    public long lagMillisAt(long nowMillis) {
        long lag = lagMillis;
        if (lag < 0) {
            return -1;
        }
        long overdue = nowMillis - nextProbeDueMillis;
        return overdue > 0 ? lag + overdue : lag;
    }

    /** @param dueMillis when the monitor will probe this endpoint next, at the latest */
    public void nextProbeDue(long dueMillis) {
        this.nextProbeDueMillis = dueMillis;
    }

    /**
     * @return why the last probe could not read log positions on this endpoint and what would fix
     *     it (SQL Server: the missing {@code GRANT}), or {@code null} when it could
     */
    public String positionsUnavailable() {
        return positionsUnavailable;
    }

    /**
     * Records what the last probe said about positions (monitor thread only).
     *
     * @param reason why positions cannot be read, or {@code null} when they can
     * @return whether the reason changed (null to non-null, or to another text)
     */
    public boolean positionsUnavailable(String reason) {
        String before = positionsUnavailable;
        positionsUnavailable = reason;
        return reason != null && !reason.equals(before);
    }

    /** @return the log position the endpoint had replayed at the last probe, {@code -1} if unknown */
    public long replayPosition() {
        return replayPosition;
    }

    /** @return wall-clock millis of the last change of reachability or role */
    public long stateSinceMillis() {
        return stateSinceMillis;
    }

    /**
     * Records a probe result.
     *
     * @param newRole the role seen
     * @param newLagMillis the lag, {@code -1} if unknown
     * @param newReplayPosition the replayed log position, {@code -1} if unknown
     * @return whether reachability or role changed
     */
    public boolean update(NodeRole newRole, long newLagMillis, long newReplayPosition) {
        return update(newRole, newRole == NodeRole.READ_ONLY, newLagMillis, newReplayPosition);
    }

    /**
     * Records a probe result.
     *
     * @param newRole the role seen
     * @param isReplica whether the node replicates from a primary (a demoted primary that is
     *     read-only but not replicating is not a replica)
     * @param newLagMillis the lag, {@code -1} if unknown
     * @param newReplayPosition the replayed log position, {@code -1} if unknown
     * @return whether reachability or role changed
     */
    public boolean update(NodeRole newRole, boolean isReplica, long newLagMillis,
            long newReplayPosition) {
        this.replica = isReplica;
        boolean changed = !reachable || role != newRole;
        this.replayPosition = newReplayPosition;
        this.lagMillis = newLagMillis;
        this.role = newRole;
        this.reachable = true;
        if (changed) {
            stateSinceMillis = System.currentTimeMillis();
        }
        return changed;
    }

    /** Forgets the lag and position measured against a primary that no longer takes writes. */
    public void forgetPosition() {
        lagMillis = -1;
        replayPosition = -1;
    }

    /**
     * Records that the endpoint could not be reached.
     *
     * @return whether it was reachable before
     */
    public boolean markUnreachable() {
        boolean changed = reachable;
        reachable = false;
        role = NodeRole.UNKNOWN;
        lagMillis = -1;
        replayPosition = -1;
        if (changed) {
            stateSinceMillis = System.currentTimeMillis();
        }
        return changed;
    }

    /** @param sink the router to tell about failures on this endpoint */
    public void sink(FailureSink sink) {
        this.sink = sink;
    }

    /** @return the router to tell about failures on this endpoint, or null */
    public FailureSink sink() {
        return sink;
    }

    /** Marks the endpoint read-only now (a write was rejected), until the next probe says else. */
    public void markReadOnly() {
        if (role != NodeRole.READ_ONLY) {
            role = NodeRole.READ_ONLY;
            stateSinceMillis = System.currentTimeMillis();
        }
    }

    /** @see InFlightConnections#track */
    int track(RoutedConnection c, int threadSlot) {
        return inFlight.track(c, threadSlot);
    }

    /** @see InFlightConnections#untrack */
    void untrack(int ticket, RoutedConnection c) {
        inFlight.untrack(ticket, c);
    }

    /**
     * Aborts every connection handed out from this endpoint and not yet closed; their users get
     * an SQLException instead of waiting on a dead node.
     *
     * @return how many were aborted
     */
    public int abortInFlight() {
        return inFlight.abortAll();
    }

    /** Closes idle pooled connections and retires busy ones when they come back (HikariCP). */
    public void evictConnections() {
        PoolControl.evict(dataSource);
    }

    /**
     * While this endpoint refuses writes, a pool the router built opens connections only on
     * demand (see {@link PoolRefill}); a pool given by the application is left alone.
     */
    public void pauseRefill() {
        refill.pause();
    }

    /** Ends {@link #pauseRefill()}: the pool keeps its configured minimum of idle connections. */
    public void resumeRefill() {
        refill.resume();
    }

    /** @return whether {@link #pauseRefill()} is in force */
    public boolean refillPaused() {
        return refill.paused();
    }

    /** Closes the pool if the router built it. */
    public void close() {
        PoolControl.closeQuietly(owned);
    }

    @Override
    public String toString() {
        return name + "(" + description + ", " + (reachable ? role : "UNREACHABLE")
                + (lagMillis >= 0 ? ", lag " + lagMillis + " ms" : "") + ")";
    }
}
