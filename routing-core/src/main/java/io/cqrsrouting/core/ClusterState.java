package io.cqrsrouting.core;

import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.core.internal.MonitorEvents;
import io.cqrsrouting.core.internal.FailureSink;
import io.cqrsrouting.core.internal.Urls;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.NodeRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * The writer and what happens to it: which endpoint takes writes (re-elected in cluster mode after
 * a promotion), the writes-unavailable mode, and the reactions to failures seen by the monitor or
 * by application threads (evict pooled connections, abort in-flight ones, probe again now).
 * Transitions run on monitor threads or on the thread that saw a failure first, never on the
 * per-call path, which only reads {@link #writer()}.
 */
final class ClusterState implements FailureSink, MonitorEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);

    private final String cluster;
    private final Endpoint[] replicas;
    private final boolean clusterMode;
    private final Observers observers;
    private volatile Endpoint writer;
    private volatile Dialect dialect;
    private volatile EndpointMonitor monitor; // set once, before the monitor starts
    private volatile boolean writesUnavailable; // written under this
    private long writesUnavailableSince; // guarded by this

    ClusterState(RouterSettings settings, Endpoint primary, Endpoint[] replicas,
            Observers observers) {
        this.cluster = settings.clusterName();
        this.replicas = replicas;
        this.clusterMode = settings.clusterMode();
        this.observers = observers;
        this.writer = primary;
        this.dialect = settings.dialect();
    }

    void attach(EndpointMonitor m) {
        this.monitor = m;
    }

    /** @return the monitor, or null when it is off */
    EndpointMonitor monitor() {
        return monitor;
    }

    /** @return the endpoint taking writes now */
    Endpoint writer() {
        return writer;
    }

    boolean writesUnavailable() {
        return writesUnavailable;
    }

    /** @return the dialect in use, or {@code null} while it is not known yet */
    Dialect dialect() {
        Dialect d = dialect;
        EndpointMonitor m = monitor;
        if (d == null && m != null) {
            d = m.dialect();
            dialect = d;
        }
        return d;
    }

    void dialect(Dialect d) {
        dialect = d;
    }

    /** @return whether a command must fail fast on {@code w} (unreachable or read-only) */
    static boolean refusesWrites(Endpoint w) {
        return !w.reachable() || w.role() == NodeRole.READ_ONLY;
    }

    /**
     * The exception for a command refused because {@code w} refuses writes; also asks the monitor
     * to look for a writer at once (rate-limited per endpoint, see
     * {@link EndpointMonitor#MIN_GAP_MILLIS}) rather than at its next tick, so that the first
     * command after a promotion or a listener switch finds the writable node without waiting for
     * the probe interval. Nothing was sent to the database: the caller may try again.
     */
    WritesUnavailableException writesUnavailable(Endpoint w, SQLException cause) {
        probeForWriter(w);
        String why = !w.reachable() ? "the primary " + w.description()
                + " is unreachable" : "the primary " + w.description() + " is read-only";
        return new WritesUnavailableException("writes are unavailable: " + why
                + "; commands fail fast until a probe sees a writable primary, reads keep working"
                + " on replicas", cause);
    }

    /**
     * A refused command's {@link WriterTrial} found the writer's endpoint writable on a pool
     * connection: record it as the monitor would (role, event, eviction of connections opened
     * while it refused writes, end of writes-unavailable mode) without waiting for a probe.
     *
     * @param w the endpoint the trial checked
     * @return whether {@code w} is still the writer (else the command must not use it)
     */
    boolean writerProven(Endpoint w) {
        if (w != writer) {
            return false;
        }
        boolean wasReachable = w.reachable();
        NodeRole before = w.role();
        if (w.update(NodeRole.WRITABLE, false, 0, -1)) {
            LOG.info("cqrs-routing [{}]: endpoint {} takes writes again (checked by a refused"
                    + " command on its own connection)", cluster, w.name());
            stateChanged(w, wasReachable, before, null);
        }
        return w == writer;
    }

    /**
     * Sorts out why a pool could not hand out a connection. A wait timeout with no connection
     * failure behind it is load: a {@link PoolExhaustedException}, and nothing happens to the
     * endpoint. A connection-level failure marks the endpoint unreachable, with the full
     * reaction. Anything else (bad credentials, say) is left to the monitor's next probe.
     *
     * @return the exception to throw
     */
    SQLException borrowFailed(Endpoint e, SQLException ex) {
        if (PoolExhaustedException.isPoolWaitTimeout(ex)) {
            return new PoolExhaustedException(e, ex);
        }
        if (FailureClassifier.classify(ex).kind() == FailureKind.CONNECTION_LOST) {
            connectFailed(e, ex);
        } else {
            probeSoon(e);
        }
        return ex;
    }

    void connectFailed(Endpoint e, SQLException ex) {
        NodeRole before = e.role();
        if (e.markUnreachable()) {
            LOG.warn("cqrs-routing [{}]: cannot connect to {}: {}", cluster, e.name(),
                    Urls.mask(ex.getMessage()));
            // Same reaction as when the monitor finds it down (it will not report it again).
            stateChanged(e, true, before, ex);
        }
        if (e == writer) {
            probeForWriter(e);
        } else {
            probeSoon(e);
        }
    }

    @Override
    public boolean failed(Endpoint endpoint, Failure failure) {
        FailureKind kind = failure.kind();
        if (kind == FailureKind.CONNECTION_LOST) {
            evict(endpoint, "connection lost");
            if (endpoint == writer) {
                probeForWriter(endpoint);
            } else {
                probeSoon(endpoint);
            }
        } else if (kind == FailureKind.READ_ONLY && endpoint == writer) {
            // The monitor has not seen it yet: act now, so the next commands fail fast.
            NodeRole before = endpoint.role();
            endpoint.markReadOnly();
            if (before != NodeRole.READ_ONLY) {
                observers.emit(new RoutingEvent.RoleChanged(cluster, endpoint.name(), before,
                        NodeRole.READ_ONLY));
            }
            evict(endpoint, "rejected a write as read-only");
            checkWrites();
            probeForWriter(endpoint);
            return true;
        }
        return false;
    }

    /**
     * Reacts to a change seen by the monitor (on its thread). An endpoint that became unreachable
     * loses its pooled connections and has its in-flight ones aborted; a primary whose role
     * changed loses its pooled connections (after a geo-failover they still lead to the old
     * node); in cluster mode a writable node takes over from a primary that is gone or demoted.
     */
    @Override
    public void stateChanged(Endpoint endpoint, boolean wasReachable, NodeRole before,
            Throwable cause) {
        if (cause != null) {
            observers.emit(new RoutingEvent.EndpointDown(cluster, endpoint.name(), before,
                    Urls.mask(String.valueOf(cause.getMessage()))));
        } else if (!wasReachable) {
            observers.emit(new RoutingEvent.EndpointUp(cluster, endpoint.name(), endpoint.role()));
        } else {
            observers.emit(new RoutingEvent.RoleChanged(cluster, endpoint.name(), before,
                    endpoint.role()));
        }
        if (!endpoint.reachable()) {
            evict(endpoint, "unreachable");
            int aborted = endpoint.abortInFlight();
            if (aborted > 0) {
                LOG.warn("cqrs-routing [{}]: aborted {} in-flight connection(s) to unreachable {}",
                        cluster, aborted, endpoint.name());
                observers.emit(new RoutingEvent.InFlightAborted(cluster, endpoint.name(), aborted));
            }
        } else if (endpoint == writer && !(wasReachable && before == NodeRole.UNKNOWN)) {
            // (Not on the first probe after start-up: nothing can have moved yet.)
            // Read-only, or writable again: behind a listener or DNS name either may mean the
            // target moved, and connections opened in between lead to the demoted node.
            evict(endpoint, "role changed");
        }
        if (clusterMode) {
            electWriter();
        }
        if (endpoint.reachable() && !(endpoint == writer && refusesWrites(endpoint))) {
            endpoint.resumeRefill(); // back, or no longer the writer: its pool fills as usual
        }
        if (clusterMode || endpoint == writer) {
            // Only the writer's own change (or an election) can start or end writes-unavailable
            // mode; checking on another endpoint's change could announce the writer's new state
            // before the writer's own monitor thread has reported its role change.
            checkWrites();
        }
    }

    @Override
    public void positionsUnavailable(Endpoint endpoint, String reason) {
        observers.emit(new RoutingEvent.PositionsUnavailable(cluster, endpoint.name(), reason));
    }

    @Override
    public void probed() {
        observers.refresh(); // follows a log level changed at run time
    }

    /**
     * Enters or leaves writes-unavailable mode when the writer's state says so: one log line and
     * one event per transition, in order (synchronized with the election of a new writer).
     */
    synchronized void checkWrites() {
        Endpoint w = writer;
        boolean unavailable = refusesWrites(w);
        if (unavailable == writesUnavailable) {
            return;
        }
        writesUnavailable = unavailable;
        EndpointMonitor m = monitor;
        if (m != null) {
            m.urgent(unavailable); // commands fail fast meanwhile: notice recovery sooner
        }
        long now = System.currentTimeMillis();
        if (unavailable) {
            writesUnavailableSince = now;
            String reason = w.reachable() ? "read-only" : "unreachable";
            LOG.warn("cqrs-routing [{}]: writes unavailable: {} is {}; commands fail fast,"
                    + " reads keep working", cluster, w.name(), reason);
            observers.emit(new RoutingEvent.WritesUnavailableEntered(cluster, w.name(), reason));
        } else {
            w.resumeRefill();
            long duration = now - writesUnavailableSince;
            LOG.info("cqrs-routing [{}]: writes available again on {} after {} ms", cluster,
                    w.name(), duration);
            observers.emit(new RoutingEvent.WritesUnavailableLeft(cluster, w.name(), duration));
        }
    }

    private synchronized void electWriter() {
        Endpoint current = writer;
        if (current.reachable() && current.role() == NodeRole.WRITABLE) {
            return;
        }
        for (Endpoint e : replicas) {
            if (e != current && e.reachable() && e.role() == NodeRole.WRITABLE) {
                writer = e;
                EndpointMonitor m = monitor;
                if (m != null) {
                    m.writerChanged(e);
                }
                LOG.warn("cqrs-routing [{}]: failover: {} is the new primary (was {})", cluster,
                        e.name(), current.name());
                observers.emit(new RoutingEvent.FailoverDetected(cluster, e.name(),
                        current.name()));
                evict(current, "replaced by " + e.name());
                return;
            }
        }
    }

    private void evict(Endpoint endpoint, String reason) {
        if (endpoint == writer && refusesWrites(endpoint)) {
            endpoint.pauseRefill(); // before evicting: no refill may reach the old node
        }
        endpoint.evictConnections();
        observers.emit(new RoutingEvent.ConnectionsEvicted(cluster, endpoint.name(), reason));
    }

    /**
     * Probes now where the writer may be found: in cluster mode every node (any may have been
     * promoted), else the writer's endpoint (a listener or DNS name may point elsewhere now).
     */
    private void probeForWriter(Endpoint w) {
        EndpointMonitor m = monitor;
        if (m == null) {
            return;
        }
        if (clusterMode) {
            m.probeAllSoon();
        } else {
            m.probeSoon(w);
        }
    }

    private void probeSoon(Endpoint e) {
        EndpointMonitor m = monitor;
        if (m != null) {
            m.probeSoon(e);
        }
    }
}
