package io.cqrsrouting.core;

import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.dialect.NodeState;
import io.cqrsrouting.core.failure.ConnectFailedException;
import io.cqrsrouting.core.failure.Failure;
import io.cqrsrouting.core.failure.FailureClassifier;
import io.cqrsrouting.core.failure.FailureKind;
import io.cqrsrouting.core.event.RoutingEvent;
import io.cqrsrouting.core.event.RoutingListener;
import io.cqrsrouting.core.event.RoutingListeners;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.core.internal.FailureSink;
import io.cqrsrouting.core.internal.ProbeConnections;
import io.cqrsrouting.core.internal.ProbeSource;
import io.cqrsrouting.core.internal.ReplicaSelector;
import io.cqrsrouting.core.internal.RoutedConnection;
import io.cqrsrouting.core.internal.RoutingContext;
import io.cqrsrouting.core.internal.SessionState;
import io.cqrsrouting.core.internal.Urls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out connections to the read-write primary or to a read-only
 * replica, according to the routing scope open on the calling thread ({@code @Command},
 * {@code @Query}, {@code @Consistent}, or {@link Routing}).
 *
 * <p>The route is decided when a connection is requested, so a transaction keeps the connection
 * it started with: a bound connection never switches. Outside any scope, connections come from
 * the default route (the primary unless configured otherwise).
 *
 * <p>The per-call path reads the thread's scope and the endpoints' last measured health, takes a
 * connection from the chosen pool and tags it with its route: no locks, no logging. A background
 * monitor (daemon threads, own connections) keeps the health current.
 *
 * <p>Build one with {@link #builder()}; {@link #close()} stops the monitor and closes the pools
 * the router built (never a {@code DataSource} given to it).
 */
public final class RoutingDataSource implements DataSource, AutoCloseable, RoutedConnection.Owner,
        FailureSink {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);
    // One debug line per routing decision; a child of this class's logger.
    private static final Logger DECISIONS =
            LoggerFactory.getLogger(RoutingDataSource.class.getName() + ".decisions");

    // Tokens may run ahead of the monitor's last look at the primary by recent commits.
    private static final long FUTURE_SLACK = 64L * 1024 * 1024;
    // Rate limit of the fresh primary probes a token ahead of the last one may ask for.
    private final java.util.concurrent.atomic.AtomicLong lastAheadCheckNanos =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final java.util.concurrent.atomic.AtomicLong lastAheadWarnNanos =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

    private final RouterSettings settings;
    private final Endpoint primary;
    private final Endpoint[] replicas;
    private final ReplicaSelector selector;
    private final byte defaultDecision;
    private final EndpointMonitor monitor;
    private final LongAdder[] fallbacks = new LongAdder[FallbackReason.values().length];
    private final LongAdder heldSwitches = new LongAdder();
    private final boolean readYourWritesByDefault;
    private final ConsistencyToken tokens;
    private final boolean clusterMode;
    private final SessionState.Resolver resolver = this::positionSince; // allocated once
    private volatile Endpoint writer;
    private volatile Dialect dialect;
    private volatile RoutingListeners listeners;
    // Whether the per-call path reports decisions (listeners, or the decision log at debug): the
    // only thing it costs when nobody listens is reading this flag.
    private volatile boolean observed;
    private volatile boolean writesUnavailable; // written under this
    private long writesUnavailableSince; // guarded by this

    RoutingDataSource(RouterSettings settings, Endpoint primary, Endpoint[] replicas,
            int[] weights, RoutingListeners listeners) {
        this.settings = settings;
        this.listeners = listeners;
        refreshObserved();
        this.primary = primary;
        this.replicas = replicas;
        this.clusterMode = settings.clusterMode();
        this.readYourWritesByDefault = settings.trackWrites()
                && settings.readsAfterWrite() == ReadsAfterWrite.READ_YOUR_WRITES;
        this.writer = primary;
        this.dialect = settings.dialect();
        this.tokens = new ConsistencyToken(settings.clusterName(), settings.tokenSigningKey(),
                settings.acceptedTokenKeys());
        this.selector = new ReplicaSelector(replicas, weights, settings.selection(), clusterMode);
        this.defaultDecision = settings.defaultRoute() == Route.REPLICA ? RoutingContext.REPLICA
                : RoutingContext.PRIMARY;
        for (int i = 0; i < fallbacks.length; i++) {
            fallbacks[i] = new LongAdder();
        }
        primary.sink(this);
        for (Endpoint r : replicas) {
            r.sink(this);
        }
        this.monitor = settings.monitor() ? startMonitor() : null;
        if (monitor != null) {
            monitor.urgent(writesUnavailable); // a transition may have raced the assignment
        }
        LOG.info("cqrs-routing [{}]: primary {}, {} replica(s) {}", settings.clusterName(),
                primary.description(), replicas.length, describe(replicas));
        if (settings.tokenSigningKey() == null) {
            LOG.info("cqrs-routing [{}]: consistency tokens are signed with a random key of this"
                    + " process: they are not accepted by other application instances or after a"
                    + " restart. To carry read-your-writes across instances, give every instance"
                    + " the same tokenSigningKey (and the same name)", settings.clusterName());
        }
    }

    /** @return a new builder */
    public static RoutingDataSourceBuilder builder() {
        return new RoutingDataSourceBuilder();
    }

    // ---------------------------------------------------------------- per-call path

    @Override
    public Connection getConnection() throws SQLException {
        RoutingContext ctx = RoutingContext.current();
        byte decision = ctx.decision();
        if (decision == RoutingContext.NONE) {
            decision = defaultDecision;
        }
        RoutingIntent intent = ctx.intent();
        if (decision == RoutingContext.REPLICA) {
            if (readYourWritesByDefault) {
                // A plain read in a session that wrote must see that write (ReadsAfterWrite).
                long token = tokenPosition(ctx.sessionIfPresent());
                if (token != -1) {
                    return consistentConnection(ctx, intent, boundFor(intent), token);
                }
            }
            return replicaConnection(ctx, intent, boundFor(intent), -1);
        }
        if (decision == RoutingContext.CONSISTENT) {
            return consistentConnection(ctx, intent, settings.maxStalenessMillis(),
                    tokenPosition(ctx.sessionIfPresent()));
        }
        return primaryConnection(ctx, intent);
    }

    private long boundFor(RoutingIntent intent) {
        long bound = intent == null ? -1 : intent.maxStalenessMillis();
        return bound >= 0 ? bound : settings.maxStalenessMillis();
    }

    private Connection primaryConnection(RoutingContext ctx, RoutingIntent intent)
            throws SQLException {
        Endpoint w = writer;
        boolean command = intent != null && intent.kind() == RoutingIntent.Kind.COMMAND;
        if (command && (!w.reachable() || w.role() == NodeRole.READ_ONLY)) {
            throw writesUnavailable(w, null);
        }
        Connection c;
        try {
            c = w.dataSource().getConnection();
        } catch (SQLException e) {
            SQLException failure = borrowFailed(w, e);
            if (command && failure == e && !w.reachable()) {
                throw writesUnavailable(w, e);
            }
            if (failure instanceof PoolExhaustedException) {
                throw failure;
            }
            // Opening failed, so nothing was sent: say so (mssql-jdbc cannot, see the type).
            throw ConnectFailedException.of(w.name() + " (" + w.description() + ")", failure);
        }
        w.served().increment();
        ctx.lastEndpoint(w);
        if (observed) {
            decided(Route.PRIMARY, w);
        }
        return new RoutedConnection(c, w, Route.PRIMARY, this, settings.trackWrites(), command);
    }

    private Connection replicaConnection(RoutingContext ctx, RoutingIntent intent, long bound,
            long token)
            throws SQLException {
        PoolExhaustedException exhausted = null;
        for (int attempt = 0; attempt < replicas.length; attempt++) {
            Endpoint e = selector.pick(bound, token);
            if (e == null) {
                break;
            }
            try {
                Connection c = e.dataSource().getConnection();
                if (!e.checkServingConnection() || (bound < 0 && token < 0)
                        || serves(c, bound, token)) {
                    return routed(ctx, c, e, Route.REPLICA).proven(token);
                }
            } catch (SQLException ex) {
                SQLException failure = borrowFailed(e, ex);
                if (failure instanceof PoolExhaustedException) {
                    exhausted = (PoolExhaustedException) failure;
                }
            }
        }
        if (exhausted != null) {
            // Load, not failure: the primary is not a spill-over for saturated replica pools.
            throw exhausted;
        }
        return noReplica(ctx, intent, bound, token);
    }

    private Connection consistentConnection(RoutingContext ctx, RoutingIntent intent, long bound,
            long token) throws SQLException {
        if (replicas.length > 0 && token >= 0) {
            Endpoint e = selector.pick(bound, token);
            if (e != null) {
                try {
                    Connection c = e.dataSource().getConnection();
                    if (!e.checkServingConnection() || serves(c, -1, token)) {
                        return routed(ctx, c, e, Route.REPLICA).proven(token);
                    }
                } catch (SQLException ex) {
                    SQLException failure = borrowFailed(e, ex);
                    if (failure instanceof PoolExhaustedException) {
                        throw failure;
                    }
                }
            }
            SessionState session = ctx.sessionIfPresent();
            long wait = Math.min(intent == null ? 0 : intent.waitMillis(),
                    settings.maxReadYourWritesWaitMillis() - session.waitedMillis());
            long t0 = System.nanoTime();
            Connection caughtUp = ReadYourWrites.awaitReplica(this, monitor, wait,
                    settings.maxStalenessMillis(), token);
            if (wait >= 0) {
                session.waited(System.nanoTime() - t0);
            }
            if (caughtUp != null) {
                return caughtUp;
            }
            fallbacks[FallbackReason.BEHIND_TOKEN.ordinal()].increment();
            if (observed) {
                fellBack(FallbackReason.BEHIND_TOKEN);
            }
        } else if (replicas.length > 0 && token == -1) {
            // The caller has written nothing: any replica within the bound sees its writes.
            return replicaConnection(ctx, intent, bound, -1);
        } else if (replicas.length > 0) {
            // Wrote, but no position could be had (primary unreachable): only the primary is safe.
            fallbacks[FallbackReason.BEHIND_TOKEN.ordinal()].increment();
            if (observed) {
                fellBack(FallbackReason.BEHIND_TOKEN);
            }
        }
        return primaryConnection(ctx, intent);
    }

    private Connection noReplica(RoutingContext ctx, RoutingIntent intent, long bound, long token)
            throws SQLException {
        FallbackReason reason = FallbackReason.of(replicas, bound, token);
        fallbacks[reason.ordinal()].increment();
        if (observed) {
            fellBack(reason);
        }
        if (settings.noReplicaPolicy() == NoReplicaPolicy.FAIL && replicas.length > 0) {
            throw new NoReplicaAvailableException("no replica can serve "
                    + (intent == null ? "this read" : intent.toString()) + ": " + reason.describe()
                    + " (whenNoReplica=FAIL)");
        }
        return primaryConnection(ctx, null);
    }

    // ---------------------------------------------------------------- slow paths

    /**
     * Checks, on the connection that would serve a read, that its node has replayed the token and
     * lags no more than the bound (one probe, only for reads that need a known position on an
     * endpoint that may spread connections over several nodes). Closes the connection if not.
     */
    private boolean serves(Connection c, long bound, long token) {
        Dialect d = dialect();
        boolean ok = false;
        try {
            if (d != null && monitor != null) {
                NodeState s = d.probe(c);
                long position = s.position();
                long lag = position < 0 ? -1 : monitor.lagOf(position, s.timeline());
                ok = position >= 0 && s.receiving() && monitor.onCurrentTimeline(s.timeline())
                        && (token < 0 || position >= token)
                        && (bound < 0 || (lag >= 0 && lag <= bound));
            }
        } catch (SQLException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // returned to its pool; the read goes elsewhere
            }
        }
        return ok;
    }

    private WritesUnavailableException writesUnavailable(Endpoint w, SQLException cause) {
        String why = !w.reachable() ? "the primary " + w.description()
                + " is unreachable" : "the primary " + w.description() + " is read-only";
        return new WritesUnavailableException("writes are unavailable: " + why
                + "; commands fail fast until a probe sees a writable primary, reads keep working"
                + " on replicas", cause);
    }

    /**
     * Sorts out why a pool could not hand out a connection. A wait timeout with no connection
     * failure behind it is load: a {@link PoolExhaustedException}, and nothing happens to the
     * endpoint. A connection-level failure (the pool or driver could not connect) marks the
     * endpoint unreachable, with the full reaction. Anything else (bad credentials, say) is left
     * to the monitor's next probe.
     *
     * @return the exception to throw
     */
    SQLException borrowFailed(Endpoint e, SQLException ex) {
        if (PoolExhaustedException.isPoolWaitTimeout(ex)) {
            return new PoolExhaustedException(e, ex);
        }
        if (FailureClassifier.classify(ex).kind() == FailureKind.CONNECTION_LOST) {
            connectFailed(e, ex);
        } else if (monitor != null) {
            monitor.probeSoon(e);
        }
        return ex;
    }

    void connectFailed(Endpoint e, SQLException ex) {
        NodeRole before = e.role();
        if (e.markUnreachable()) {
            LOG.warn("cqrs-routing [{}]: cannot connect to {}: {}", settings.clusterName(),
                    e.name(), Urls.mask(ex.getMessage()));
            // Same reaction as when the monitor finds it down (it will not report it again):
            // evict, abort in-flight connections, re-elect, enter writes-unavailable.
            stateChanged(e, true, before, ex);
        }
        if (monitor != null) {
            monitor.probeSoon(e);
        }
    }

    @Override
    public boolean failed(Endpoint endpoint, Failure failure) {
        FailureKind kind = failure.kind();
        if (kind == FailureKind.CONNECTION_LOST) {
            evict(endpoint, "connection lost");
            if (monitor != null) {
                monitor.probeSoon(endpoint);
            }
        } else if (kind == FailureKind.READ_ONLY && endpoint == writer) {
            // The monitor has not seen it yet: act now, so the next commands fail fast.
            NodeRole before = endpoint.role();
            endpoint.markReadOnly();
            if (before != NodeRole.READ_ONLY) {
                emit(new RoutingEvent.RoleChanged(settings.clusterName(), endpoint.name(), before,
                        NodeRole.READ_ONLY));
            }
            evict(endpoint, "rejected a write as read-only");
            checkWrites();
            if (monitor != null) {
                monitor.probeSoon(endpoint);
            }
            return true;
        }
        return false;
    }

    @Override
    public void afterCommit(RoutedConnection connection) {
        if (connection.route() == Route.PRIMARY) {
            RoutingContext.current().committed();
        }
    }

    @Override
    public void beforeClose(RoutedConnection connection) {
        // After a transaction Spring restores autocommit before closing: that commit was counted.
        if (connection.route() != Route.PRIMARY || !connection.ranInAutocommit()) {
            return;
        }
        try {
            if (connection.delegate().getAutoCommit()) {
                RoutingContext.current().committed(); // its statements each ran in their own commit
            }
        } catch (SQLException e) {
            LOG.debug("cqrs-routing: could not read auto-commit state", e);
        }
    }

    @Override
    public void wrote(RoutedConnection connection) {
        if (connection.route() == Route.PRIMARY && settings.trackWrites()) {
            markWrite(RoutingContext.current());
        }
    }

    @Override
    public boolean needsPrimary(RoutedConnection connection, boolean mayWrite) {
        // A replica connection is never handed out under a primary decision: one used under it
        // was taken in another scope and held (JPA open-in-view, an ORM session). With no scope,
        // only what may write needs the primary: plain reads keep the held replica connection.
        RoutingContext ctx = RoutingContext.current();
        byte decision = ctx.decision();
        if (decision == RoutingContext.NONE) {
            return mayWrite && defaultDecision == RoutingContext.PRIMARY;
        }
        if (decision == RoutingContext.CONSISTENT) {
            // A consistent read: a held connection serves it only if its node has provably
            // replayed the session's writes (checked on it when handed out, or the monitor's view
            // of a single-node endpoint); else it moves to the primary. (Plain reads of a session
            // that wrote are not checked here yet: doing so broke jOOQ/MyBatis statement routing.)
            long token = tokenPosition(ctx.sessionIfPresent());
            if (token == -1 || (token >= 0 && connection.provenPosition() >= token)) {
                return false;
            }
            Endpoint e = connection.endpoint();
            return token < 0 || e.checkServingConnection() || !e.reachable()
                    || e.replayPosition() < token;
        }
        return decision == RoutingContext.PRIMARY;
    }

    @Override
    public void switchToPrimary(RoutedConnection connection) throws SQLException {
        RoutingContext ctx = RoutingContext.current();
        RoutingIntent intent = ctx.intent();
        Endpoint w = writer;
        boolean command = intent != null && intent.kind() == RoutingIntent.Kind.COMMAND;
        if (command && (!w.reachable() || w.role() == NodeRole.READ_ONLY)) {
            throw writesUnavailable(w, null);
        }
        Connection c;
        try {
            c = w.dataSource().getConnection();
        } catch (SQLException e) {
            connectFailed(w, e);
            if (command) {
                throw writesUnavailable(w, e);
            }
            throw e;
        }
        connection.rebind(c, w);
        w.served().increment();
        ctx.lastEndpoint(w);
        heldSwitches.increment();
        if (observed) {
            decided(Route.PRIMARY, w);
        }
    }

    @Override
    public RouteConflictException heldReplicaConflict(RoutedConnection connection) {
        RoutingIntent intent = RoutingContext.current().intent();
        return new RouteConflictException((intent == null ? "A write with no routing scope"
                : intent.toString()) + " cannot run on a connection bound to a replica by a"
                + " transaction still open on it (" + connection.endpoint().name() + "): a bound"
                + " connection never switches, and a replica cannot write. This happens when a"
                + " connection is held across calls, as JPA open-in-view does: set"
                + " spring.jpa.open-in-view=false, or start the write outside that transaction.");
    }

    /**
     * @return how many times a held replica connection (JPA open-in-view, an ORM session) was
     *     switched to the primary because a write or primary-scoped call used it
     */
    public long heldConnectionSwitches() {
        return heldSwitches.sum();
    }

    // No round trip here: the position is resolved only if a read or an export needs it.
    private void markWrite(RoutingContext ctx) {
        ctx.session().wrote(settings.clusterName(), System.nanoTime());
    }

    /**
     * Whether replica {@code e}, as the monitor last saw it, may serve the caller's read-your-writes
     * read (see {@link Routing#servesReadYourWrites}).
     */
    boolean caughtUp(Endpoint e) {
        long token = tokenPosition(RoutingContext.current().sessionIfPresent());
        return token != SessionState.UNRESOLVED
                && ReplicaSelector.eligible(e, settings.maxStalenessMillis(), token);
    }

    /**
     * The caller's read-your-writes position: -1 if it wrote nothing, {@link
     * SessionState#UNRESOLVED} if it wrote and no covering position can be had now.
     */
    private long tokenPosition(SessionState session) {
        return session == null ? -1 : session.resolve(settings.clusterName(), resolver);
    }

    /**
     * A primary position covering every commit completed by {@code sinceNanos}: the first monitor
     * probe that started later, else one round trip to the primary.
     */
    private long positionSince(long sinceNanos) {
        EndpointMonitor m = monitor;
        if (m != null) {
            return freshPrimaryPosition(m, sinceNanos, true);
        }
        try (Connection c = writer.dataSource().getConnection()) {
            // Bounded like a probe, whatever the pool's socket timeout.
            c.setNetworkTimeout(Runnable::run, (int) settings.probeTimeout().toMillis());
            Dialect d = dialect();
            if (d == null) {
                d = Dialects.forConnection(c);
                dialect = d;
            }
            return d == null ? -1 : d.commitPosition(c);
        } catch (SQLException e) {
            // Unresolved: read-your-writes reads go to the primary; safe, just not offloaded.
            LOG.debug("cqrs-routing: could not read the primary's position", e);
            return -1;
        }
    }

    /**
     * Asks the monitor for a probe of the primary that starts after {@code sinceNanos}, and waits
     * for it no longer than a probe may take: a frozen primary cannot hold the caller longer.
     *
     * @param smallest whether to return the smallest position read after {@code sinceNanos}
     *     (covers a commit), else the latest
     * @return the position, or -1 if none could be had in time
     */
    private long freshPrimaryPosition(EndpointMonitor m, long sinceNanos, boolean smallest) {
        long deadline = System.nanoTime() + settings.probeTimeout().toNanos();
        long p = m.primaryPositionSince(sinceNanos);
        while (p < 0 && writer.reachable() && System.nanoTime() - deadline < 0) {
            long seen = m.probeCount();
            m.probeSoon(writer);
            try {
                m.awaitProbeAfter(seen, deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            p = m.primaryPositionSince(sinceNanos);
        }
        return p < 0 || smallest ? p : m.primaryPosition();
    }

    private EndpointMonitor startMonitor() {
        // In cluster mode the nodes are the replicas array (the primary is one of them).
        int offset = clusterMode ? 0 : 1;
        Endpoint[] all = new Endpoint[replicas.length + offset];
        ProbeSource[] sources = new ProbeSource[all.length];
        if (!clusterMode) {
            all[0] = primary;
            sources[0] = probeSource(primary, settings.primaryCredentials());
        }
        for (int i = 0; i < replicas.length; i++) {
            all[i + offset] = replicas[i];
            sources[i + offset] = probeSource(replicas[i], settings.replicaCredentials()[i]);
        }
        EndpointMonitor.Events events = new EndpointMonitor.Events() {
            @Override
            public void stateChanged(Endpoint endpoint, boolean wasReachable, NodeRole before,
                    Throwable cause) {
                RoutingDataSource.this.stateChanged(endpoint, wasReachable, before, cause);
            }

            @Override
            public void positionsUnavailable(Endpoint endpoint, String reason) {
                emit(new RoutingEvent.PositionsUnavailable(settings.clusterName(),
                        endpoint.name(), reason));
            }

            @Override
            public void probed() {
                refreshObserved(); // follows a log level changed at run time
            }
        };
        EndpointMonitor m = new EndpointMonitor(settings.clusterName(), all, sources, dialect,
                settings.monitorInterval().toMillis(), (int) settings.probeTimeout().toMillis(),
                events, e -> e == writer);
        m.start();
        return m;
    }

    /**
     * Reacts to a change seen by the monitor (on its thread). An endpoint that became unreachable
     * loses its pooled connections and has its in-flight ones aborted; a primary whose role
     * changed loses its pooled connections (after a geo-failover they still lead to the old
     * node); in cluster mode a writable node takes over from a primary that is gone or demoted.
     */
    private void stateChanged(Endpoint endpoint, boolean wasReachable, NodeRole before,
            Throwable cause) {
        String cluster = settings.clusterName();
        if (cause != null) {
            emit(new RoutingEvent.EndpointDown(cluster, endpoint.name(), before,
                    Urls.mask(String.valueOf(cause.getMessage()))));
        } else if (!wasReachable) {
            emit(new RoutingEvent.EndpointUp(cluster, endpoint.name(), endpoint.role()));
        } else {
            emit(new RoutingEvent.RoleChanged(cluster, endpoint.name(), before, endpoint.role()));
        }
        if (!endpoint.reachable()) {
            evict(endpoint, "unreachable");
            int aborted = endpoint.abortInFlight();
            if (aborted > 0) {
                LOG.warn("cqrs-routing [{}]: aborted {} in-flight connection(s) to unreachable {}",
                        cluster, aborted, endpoint.name());
                emit(new RoutingEvent.InFlightAborted(cluster, endpoint.name(), aborted));
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
        checkWrites();
    }

    /**
     * Enters or leaves writes-unavailable mode when the writer's state says so: one log line and
     * one event per transition, in order (synchronized with the election of a new writer).
     */
    private synchronized void checkWrites() {
        Endpoint w = writer;
        boolean unavailable = !w.reachable() || w.role() == NodeRole.READ_ONLY;
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
                    + " reads keep working", settings.clusterName(), w.name(), reason);
            emit(new RoutingEvent.WritesUnavailableEntered(settings.clusterName(), w.name(),
                    reason));
        } else {
            long duration = now - writesUnavailableSince;
            LOG.info("cqrs-routing [{}]: writes available again on {} after {} ms",
                    settings.clusterName(), w.name(), duration);
            emit(new RoutingEvent.WritesUnavailableLeft(settings.clusterName(), w.name(),
                    duration));
        }
    }

    private void evict(Endpoint endpoint, String reason) {
        endpoint.evictConnections();
        emit(new RoutingEvent.ConnectionsEvicted(settings.clusterName(), endpoint.name(), reason));
    }

    private void emit(RoutingEvent event) {
        RoutingListeners l = listeners;
        if (l != null) {
            l.onEvent(event);
        }
    }

    private void decided(Route route, Endpoint e) {
        RoutingIntent intent = RoutingContext.current().intent();
        if (DECISIONS.isDebugEnabled()) {
            DECISIONS.debug("cqrs-routing [{}]: {} -> {} {}", settings.clusterName(),
                    intent == null ? "(no routing scope)" : intent, route, e.name());
        }
        RoutingListeners l = listeners;
        if (l != null) {
            l.routed(intent, route, e.name());
        }
    }

    private void fellBack(FallbackReason reason) {
        RoutingIntent intent = RoutingContext.current().intent();
        if (DECISIONS.isDebugEnabled()) {
            DECISIONS.debug("cqrs-routing [{}]: {} found no replica ({}); policy {}",
                    settings.clusterName(), intent == null ? "(no routing scope)" : intent,
                    reason.describe(), settings.noReplicaPolicy());
        }
        RoutingListeners l = listeners;
        if (l != null) {
            l.fallback(intent, reason);
        }
    }

    private void refreshObserved() {
        observed = listeners != null || DECISIONS.isDebugEnabled();
    }

    /**
     * Adds a listener; it hears of every later event and decision (see {@link RoutingListener}).
     *
     * @param listener the listener
     */
    public synchronized void addListener(RoutingListener listener) {
        listeners = RoutingListeners.with(listeners, listener);
        refreshObserved();
    }

    /**
     * Removes a listener added by {@link #addListener} or the builder.
     *
     * @param listener the listener (compared by identity)
     */
    public synchronized void removeListener(RoutingListener listener) {
        listeners = RoutingListeners.without(listeners, listener);
        refreshObserved();
    }

    /**
     * @return whether the router is in writes-unavailable mode: the endpoint that takes writes is
     *     unreachable or read-only, so commands fail fast with {@link WritesUnavailableException}
     */
    public boolean writesUnavailable() {
        return writesUnavailable;
    }

    /** @return whether the router discovers its nodes' roles itself ({@code node(...)} mode) */
    public boolean clusterMode() {
        return clusterMode;
    }

    private synchronized void electWriter() {
        Endpoint current = writer;
        if (current.reachable() && current.role() == NodeRole.WRITABLE) {
            return;
        }
        for (Endpoint e : replicas) {
            if (e != current && e.reachable() && e.role() == NodeRole.WRITABLE) {
                writer = e;
                if (monitor != null) {
                    monitor.writerChanged(e);
                }
                LOG.warn("cqrs-routing [{}]: failover: {} is the new primary (was {})",
                        settings.clusterName(), e.name(), current.name());
                emit(new RoutingEvent.FailoverDetected(settings.clusterName(), e.name(),
                        current.name()));
                evict(current, "replaced by " + e.name());
                return;
            }
        }
    }

    /** @return the endpoint currently taking writes (changes after a failover in cluster mode) */
    public EndpointStatus currentPrimary() {
        return EndpointStatus.of(writer, Route.PRIMARY);
    }

    private ProbeSource probeSource(Endpoint endpoint, RoutingDataSourceBuilder.Credentials creds) {
        ProbeSource source = creds == null
                ? ProbeConnections.forEndpoint(endpoint, null, null, null,
                        settings.probeTimeout().toMillis())
                : ProbeConnections.forEndpoint(endpoint, creds.url(), creds.username(),
                        creds.password(), settings.probeTimeout().toMillis());
        if (source.borrowed()) {
            LOG.warn("cqrs-routing [{}]: the monitor has no connection of its own to {} ({}):"
                    + " it borrows one connection from that pool per probe and returns it. Give"
                    + " a HikariDataSource with a jdbcUrl, or a probe DataSource in the builder,"
                    + " to keep the monitor out of the application's pool",
                    settings.clusterName(), endpoint.name(), endpoint.description());
        }
        return source;
    }

    // ---------------------------------------------------------------- inspection

    /** @return the dialect in use, or {@code null} while it is not known yet */
    public Dialect dialect() {
        Dialect d = dialect;
        if (d == null && monitor != null) {
            d = monitor.dialect();
            dialect = d;
        }
        return d;
    }

    /** @return the cluster name that scopes consistency tokens */
    public String name() {
        return settings.clusterName();
    }

    /**
     * Exports the calling thread's (or current session's) consistency token for this cluster, to
     * be sent to the client in a header or cookie and imported by a later request, possibly on
     * another application instance.
     *
     * <p>If the caller committed since its token was last resolved, this resolves it: from a
     * monitor probe that started after the commit, else with one query on the primary. If the
     * primary cannot be asked, the token says "unresolved", and reads that import it go to the
     * primary until they resolve it themselves.
     *
     * @return the opaque token, or {@code null} if the caller has committed no command here
     */
    public String exportToken() {
        return exportToken(RoutingContext.current().sessionIfPresent());
    }

    /**
     * Imports a token into the calling thread's (or current session's) state. An invalid,
     * oversized, foreign or forged token is ignored (logged at debug), never trusted.
     *
     * @param token the token, may be null
     * @return whether it was accepted
     */
    public boolean importToken(String token) {
        return importToken(RoutingContext.current().session(), token);
    }

    String exportToken(SessionState session) {
        long position = tokenPosition(session);
        if (position == -1) {
            return null;
        }
        return tokens.encode(position == SessionState.UNRESOLVED ? ConsistencyToken.UNRESOLVED
                : position);
    }

    boolean importToken(SessionState session, String token) {
        long position = decodeToken(token);
        if (position < 0) {
            return false;
        }
        if (position == ConsistencyToken.UNRESOLVED) {
            // The exporter could not resolve its write: any position read from now on covers it.
            session.wrote(settings.clusterName(), System.nanoTime());
        } else {
            session.advance(settings.clusterName(), position);
        }
        return true;
    }

    long decodeToken(String token) {
        long position = tokens.decode(token);
        if (position < 0 && token != null) {
            LOG.debug("cqrs-routing [{}]: ignored an invalid consistency token", settings.clusterName());
            return -1;
        }
        if (position == ConsistencyToken.UNRESOLVED) {
            return position; // harmless even if forged: it only sends the forger's reads to the primary
        }
        // A position beyond anything the primary has written is from another cluster (one that
        // shares the key and name): but the monitor's last look may be old (bulk load, slow
        // interval, failing probes), so ask the primary once before saying so (rate-limited).
        EndpointMonitor m = monitor;
        long primaryAt = m == null ? -1 : m.primaryPosition();
        if (primaryAt >= 0 && position > primaryAt + FUTURE_SLACK) {
            long now = System.nanoTime();
            long last = lastAheadCheckNanos.get();
            if (now - last >= settings.monitorInterval().toNanos()
                    && lastAheadCheckNanos.compareAndSet(last, now)) {
                long fresh = freshPrimaryPosition(m, now, false);
                primaryAt = fresh >= 0 ? fresh : primaryAt;
            } else {
                primaryAt = m.primaryPosition();
            }
            if (primaryAt >= 0 && position > primaryAt + FUTURE_SLACK) {
                long lastWarn = lastAheadWarnNanos.get();
                if (now - lastWarn >= 60_000_000_000L
                        && lastAheadWarnNanos.compareAndSet(lastWarn, now)) {
                    LOG.warn("cqrs-routing [{}]: ignored a validly signed consistency token ahead"
                            + " of the primary's position (another cluster with the same name"
                            + " and key?); its reads lose read-your-writes (logged once a"
                            + " minute)", settings.clusterName());
                }
                return -1;
            }
        }
        return position;
    }

    /** @return a snapshot of every endpoint's state, primary first */
    public List<EndpointStatus> endpoints() {
        List<EndpointStatus> out = new ArrayList<>(replicas.length + 1);
        Endpoint w = writer;
        if (!clusterMode) {
            out.add(EndpointStatus.of(primary, Route.PRIMARY));
        }
        for (Endpoint r : replicas) {
            out.add(EndpointStatus.of(r, clusterMode && r == w ? Route.PRIMARY : Route.REPLICA));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * @param reason a fallback reason
     * @return how many replica reads went to the primary (or failed) for that reason so far
     */
    public long fallbackCount(FallbackReason reason) {
        return fallbacks[reason.ordinal()].sum();
    }

    /**
     * Waits until the monitor has probed every endpoint {@code rounds} more times; useful in
     * tests and at start-up to act on fresh health.
     *
     * @param rounds fresh probes to wait for
     * @param timeoutMillis the longest wait
     * @return whether it happened in time ({@code false} if the monitor is off)
     * @throws InterruptedException if interrupted
     */
    public boolean awaitMonitor(int rounds, long timeoutMillis) throws InterruptedException {
        return monitor != null && monitor.awaitProbes(rounds, timeoutMillis);
    }

    Endpoint primaryEndpoint() {
        return primary;
    }

    Endpoint[] replicaEndpoints() {
        return replicas;
    }

    ReplicaSelector selector() {
        return selector;
    }

    /** A connection from replica {@code e}, which the read-your-writes wait found caught up. */
    Connection replicaFor(Endpoint e, long token) throws SQLException {
        try {
            Connection c = e.dataSource().getConnection();
            // Same check as the direct path: a fan-out endpoint's connection may reach a node
            // the monitor did not probe.
            if (e.checkServingConnection() && !serves(c, -1, token)) {
                return null;
            }
            return routed(RoutingContext.current(), c, e, Route.REPLICA).proven(token);
        } catch (SQLException ex) {
            SQLException failure = borrowFailed(e, ex);
            if (failure instanceof PoolExhaustedException) {
                throw failure;
            }
            return null;
        }
    }

    private RoutedConnection routed(RoutingContext ctx, Connection c, Endpoint e, Route route) {
        e.served().increment();
        ctx.lastEndpoint(e);
        if (observed) {
            decided(route, e);
        }
        return new RoutedConnection(c, e, route, this, settings.trackWrites(), false);
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        for (Endpoint r : replicas) {
            r.close();
        }
        if (!clusterMode) {
            primary.close();
        }
    }

    @Override
    public String toString() {
        return "RoutingDataSource[" + settings.clusterName() + ": primary=" + primary
                + ", replicas=" + describe(replicas) + "]";
    }

    private static String describe(Endpoint[] endpoints) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < endpoints.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(endpoints[i].name()).append('=')
                    .append(endpoints[i].description());
        }
        return sb.append(']').toString();
    }

    // ---------------------------------------------------------------- DataSource plumbing

    /** Same routing as {@link #getConnection()}; credentials are ignored by pools that own them. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("RoutingDataSource takes credentials per"
                + " endpoint in its builder; call getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return primary.dataSource().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        primary.dataSource().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        primary.dataSource().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return primary.dataSource().getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return java.util.logging.Logger.getLogger("io.cqrsrouting");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("RoutingDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
