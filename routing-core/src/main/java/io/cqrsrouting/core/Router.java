package io.cqrsrouting.core;

import io.cqrsrouting.core.failure.ConnectFailedException;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.core.internal.ConnectionOwner;
import io.cqrsrouting.core.internal.RoutedConnection;
import io.cqrsrouting.core.internal.SessionState;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place where routes and endpoints are decided. {@link #decide} turns a scope's intent into
 * its decision when the scope is entered; {@link #connection()} turns the calling thread's decision
 * into an endpoint and a connection; {@link #needsPrimary} and {@link #switchToPrimary} decide for
 * a connection held across scopes. The per-call path reads the thread's scope, the endpoints' last
 * measured health and the writer, takes a pooled connection and wraps it: no lock, no log line,
 * one allocation (the wrapper).
 *
 * <p>This is the library's engine, and the one class allowed over the project's size limit (see
 * {@code docs/architecture.md}; {@code CoreArchitectureTest} keeps the rule): the per-call path
 * stays in one class so it can be read and measured as a whole. What it needs beyond the decision
 * is in collaborators: {@link ClusterState}, {@link Tokens}, {@link Observers},
 * {@link WriterTrial}, {@link ReplicaSelector}.
 */
final class Router implements ConnectionOwner {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);

    /** No scope: the router's default route applies. */
    static final byte NONE = 0;
    /** The primary. */
    static final byte PRIMARY = 1;
    /** Any eligible replica. */
    static final byte REPLICA = 2;
    /** A replica proven caught up with the caller's token, else the primary. */
    static final byte CONSISTENT = 3;

    private final RouterSettings settings;
    private final Endpoint[] replicas;
    private final ReplicaSelector selector;
    private final byte defaultDecision;
    private final boolean trackWrites;
    private final boolean readYourWritesByDefault;
    /** Share of plain replica reads the primary takes; 0: none (and no random draw). */
    private final double primaryReadShare;
    private final ClusterState state;
    private final Tokens tokens;
    private final Observers observers;
    private final WriterTrial trial;

    Router(RouterSettings settings, Endpoint[] replicas, ReplicaSelector selector,
            ClusterState state, Tokens tokens, Observers observers) {
        this.settings = settings;
        this.replicas = replicas;
        this.selector = selector;
        this.state = state;
        this.tokens = tokens;
        this.observers = observers;
        this.defaultDecision = settings.defaultRoute() == Route.REPLICA ? REPLICA : PRIMARY;
        this.trackWrites = settings.trackWrites();
        this.readYourWritesByDefault = trackWrites
                && settings.readsAfterWrite() == ReadsAfterWrite.READ_YOUR_WRITES;
        this.primaryReadShare = settings.primaryReadShare();
        this.trial = new WriterTrial(state, settings.clusterMode(),
                settings.probeTimeout() == null ? 2_000 : settings.probeTimeout().toMillis());
    }

    /** @return the refused commands' trials of the primary endpoint (tests, diagnostics) */
    WriterTrial trial() {
        return trial;
    }

    /**
     * The decision of a scope entered with {@code intent}: a bound transaction's route wins,
     * PRIMARY is sticky downward, and a read inside a consistent read stays consistent.
     *
     * @param outer the decision of the enclosing scope, or {@link #NONE}
     * @param bound the route of the connection bound to the thread's transaction, or null
     */
    static byte decide(RoutingIntent intent, byte outer, Route bound) {
        if (bound == Route.REPLICA) {
            return REPLICA; // (the caller refuses intents that need the primary)
        }
        if (bound == Route.PRIMARY || outer == PRIMARY) {
            return PRIMARY;
        }
        switch (intent.kind()) {
            case COMMAND:
                return PRIMARY;
            case QUERY:
                return outer == CONSISTENT ? CONSISTENT : REPLICA;
            default:
                return intent.level() == io.cqrsrouting.annotation.Consistent.Level.PRIMARY
                        ? PRIMARY : CONSISTENT;
        }
    }

    /** @return the route a scope decision asks for, or null for {@link #NONE} */
    static Route route(byte decision) {
        return decision == NONE ? null : decision == REPLICA ? Route.REPLICA : Route.PRIMARY;
    }

    // ---------------------------------------------------------------- per-call path

    Connection connection() throws SQLException {
        RoutingContext ctx = RoutingContext.current();
        byte decision = ctx.decision();
        if (decision == NONE) {
            decision = defaultDecision;
        }
        RoutingIntent intent = ctx.intent();
        if (decision == REPLICA) {
            if (readYourWritesByDefault) {
                // A plain read in a session that wrote must see that write (ReadsAfterWrite).
                long token = tokens.position(ctx.sessionIfPresent());
                if (token != -1) {
                    return consistent(ctx, intent, boundFor(intent), token);
                }
            }
            if (primaryReadShare > 0 && primaryTakesRead()) {
                return primary(ctx, null);
            }
            return replica(ctx, intent, boundFor(intent), -1);
        }
        if (decision == CONSISTENT) {
            return consistent(ctx, intent, settings.maxStalenessMillis(),
                    tokens.position(ctx.sessionIfPresent()));
        }
        return primary(ctx, intent);
    }

    /** A per-thread draw (no shared state): whether this plain read goes to a reachable primary. */
    private boolean primaryTakesRead() {
        return ThreadLocalRandom.current().nextDouble() < primaryReadShare
                && state.writer().reachable();
    }

    private long boundFor(RoutingIntent intent) {
        long bound = intent == null ? -1 : intent.maxStalenessMillis();
        return bound >= 0 ? bound : settings.maxStalenessMillis();
    }

    private static boolean isCommand(RoutingIntent intent) {
        return intent != null && intent.kind() == RoutingIntent.Kind.COMMAND;
    }

    /** A command fails fast while the writer is known to be unreachable or read-only. */
    private void failFastIfUnwritable(Endpoint w, boolean command) {
        if (command && ClusterState.refusesWrites(w)) {
            throw state.writesUnavailable(w, null);
        }
    }

    private Connection primary(RoutingContext ctx, RoutingIntent intent) throws SQLException {
        Endpoint w = state.writer();
        boolean command = isCommand(intent);
        if (command && ClusterState.refusesWrites(w)) {
            // Not on the normal path: a refused command may check the endpoint itself, on the
            // connection it would use (one connect instead of the probe's and then its own).
            Connection proven = trial.attempt(w);
            if (proven == null) {
                throw state.writesUnavailable(w, null);
            }
            return routed(ctx, proven, w, Route.PRIMARY, true);
        }
        Connection c;
        try {
            c = w.dataSource().getConnection();
        } catch (SQLException e) {
            SQLException failure = state.borrowFailed(w, e);
            if (command && failure == e && !w.reachable()) {
                throw state.writesUnavailable(w, e);
            }
            if (failure instanceof PoolExhaustedException) {
                throw failure;
            }
            // Opening failed, so nothing was sent: say so (mssql-jdbc cannot, see the type).
            throw ConnectFailedException.of(w.name() + " (" + w.description() + ")", failure);
        }
        return routed(ctx, c, w, Route.PRIMARY, command);
    }

    private Connection replica(RoutingContext ctx, RoutingIntent intent, long bound, long token)
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
                    return routed(ctx, c, e, Route.REPLICA, false).proven(token);
                }
            } catch (SQLException ex) {
                SQLException failure = state.borrowFailed(e, ex);
                if (failure instanceof PoolExhaustedException) {
                    exhausted = (PoolExhaustedException) failure;
                }
            }
        }
        if (exhausted != null) {
            // Load, not failure: the primary is not a spill-over for saturated replica pools.
            throw exhausted;
        }
        FallbackReason reason = FallbackReason.of(replicas, bound, token);
        observers.fellBack(reason);
        if (settings.noReplicaPolicy() == NoReplicaPolicy.FAIL && replicas.length > 0) {
            throw new NoReplicaAvailableException("no replica can serve "
                    + (intent == null ? "this read" : intent.toString()) + ": " + reason.describe()
                    + " (whenNoReplica=FAIL)");
        }
        return primary(ctx, null);
    }

    private Connection consistent(RoutingContext ctx, RoutingIntent intent, long bound,
            long token) throws SQLException {
        if (replicas.length > 0 && token >= 0) {
            Endpoint e = selector.pick(bound, token);
            if (e != null) {
                Connection c = replicaFor(e, token);
                if (c != null) {
                    return c;
                }
            }
            SessionState session = ctx.sessionIfPresent();
            long wait = Math.min(intent == null ? 0 : intent.waitMillis(),
                    settings.maxReadYourWritesWaitMillis() - session.waitedMillis());
            long t0 = System.nanoTime();
            Connection caughtUp = ReadYourWrites.awaitReplica(this, state.monitor(), wait,
                    settings.maxStalenessMillis(), token);
            if (wait >= 0) {
                session.waited(System.nanoTime() - t0);
            }
            if (caughtUp != null) {
                return caughtUp;
            }
            observers.fellBack(FallbackReason.BEHIND_TOKEN);
        } else if (replicas.length > 0 && token == -1) {
            // The caller has written nothing: any replica within the bound sees its writes.
            return replica(ctx, intent, bound, -1);
        } else if (replicas.length > 0) {
            // Wrote, but no position could be had (primary unreachable): only the primary is safe.
            observers.fellBack(FallbackReason.BEHIND_TOKEN);
        }
        return primary(ctx, intent);
    }

    /**
     * A connection from replica {@code e}, which the monitor saw caught up with {@code token};
     * null if the connection's own node is behind (a fan-out endpoint) or it cannot be had.
     */
    Connection replicaFor(Endpoint e, long token) throws SQLException {
        try {
            Connection c = e.dataSource().getConnection();
            // A fan-out endpoint's connection may reach a node the monitor did not probe.
            if (e.checkServingConnection() && !serves(c, -1, token)) {
                return null;
            }
            return routed(RoutingContext.current(), c, e, Route.REPLICA, false).proven(token);
        } catch (SQLException ex) {
            SQLException failure = state.borrowFailed(e, ex);
            if (failure instanceof PoolExhaustedException) {
                throw failure;
            }
            return null;
        }
    }

    private RoutedConnection routed(RoutingContext ctx, Connection c, Endpoint e, Route route,
            boolean command) {
        int threadSlot = ctx.threadSlot();
        e.served(threadSlot);
        ctx.lastEndpoint(e);
        if (observers.observed()) {
            observers.routed(route, e);
        }
        return new RoutedConnection(c, e, route == Route.PRIMARY, this, trackWrites, command,
                threadSlot).context(ctx);
    }

    /**
     * Checks, on the connection that would serve a read, that its node has replayed the token and
     * lags no more than the bound (one probe, only for reads that need a known position on an
     * endpoint that may spread connections over several nodes). Closes the connection if not.
     */
    private boolean serves(Connection c, long bound, long token) {
        Dialect d = state.dialect();
        EndpointMonitor monitor = state.monitor();
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

    ReplicaSelector selector() {
        return selector;
    }

    Endpoint[] replicas() {
        return replicas;
    }

    /**
     * Whether replica {@code e}, as the monitor last saw it, may serve the caller's
     * read-your-writes read (see {@code RoutingSpi.servesReadYourWrites}).
     */
    boolean caughtUp(Endpoint e) {
        long token = tokens.position(RoutingContext.current().sessionIfPresent());
        return token != SessionState.UNRESOLVED
                && ReplicaSelector.eligible(e, settings.maxStalenessMillis(), token);
    }

    // ---------------------------------------------------------------- routed connections

    @Override
    public void used(RoutedConnection connection) {
        RoutingContext.currentOr(connection.context()).lastEndpoint(connection.endpoint());
    }

    @Override
    public void afterCommit(RoutedConnection connection) {
        if (connection.primary()) {
            RoutingContext.currentOr(connection.context()).committed();
        }
    }

    @Override
    public void beforeClose(RoutedConnection connection) {
        // After a transaction Spring restores autocommit before closing: that commit was counted.
        if (!connection.primary() || !connection.ranInAutocommit()) {
            return;
        }
        try {
            if (connection.delegate().getAutoCommit()) {
                RoutingContext.currentOr(connection.context()).committed(); // its statements each ran in their own commit
            }
        } catch (SQLException e) {
            LOG.debug("cqrs-routing: could not read auto-commit state", e);
        }
    }

    @Override
    public void wrote(RoutedConnection connection) {
        if (connection.primary() && trackWrites) {
            tokens.wrote(RoutingContext.currentOr(connection.context()).session());
        }
    }

    @Override
    public boolean needsPrimary(RoutedConnection connection, boolean mayWrite) {
        // A replica connection is never handed out under a primary decision: one used under it
        // was taken in another scope and held (JPA open-in-view, an ORM session).
        RoutingContext ctx = RoutingContext.currentOr(connection.context());
        byte decision = ctx.decision();
        if (decision == NONE) {
            // With no scope, what may write needs the primary (if that is the default route); a
            // plain read keeps the held replica connection (statement-type routing and lazy
            // loading rely on it) unless the session wrote and the node may not have replayed it.
            if (mayWrite) {
                return defaultDecision == PRIMARY;
            }
            return readYourWritesByDefault && !servesSessionsWrites(ctx, connection);
        }
        if (decision == CONSISTENT || (decision == REPLICA && readYourWritesByDefault)) {
            // A read that must see the session's writes: a consistent read, or a plain read of a
            // session that wrote (ReadsAfterWrite.READ_YOUR_WRITES) — the same rule as for a
            // connection handed out now (see connection()).
            return !servesSessionsWrites(ctx, connection);
        }
        return decision == PRIMARY;
    }

    /**
     * Whether a held replica connection may serve a read that must see the session's writes: the
     * session wrote nothing, or the connection's node has provably replayed its last write
     * (checked on that very connection when it was handed out, or the monitor's last view of an
     * endpoint that is one node). No allocation.
     */
    private boolean servesSessionsWrites(RoutingContext ctx, RoutedConnection connection) {
        long token = tokens.position(ctx.sessionIfPresent());
        if (token == -1 || (token >= 0 && connection.provenPosition() >= token)) {
            return true;
        }
        Endpoint e = connection.endpoint();
        return token >= 0 && !e.checkServingConnection() && e.reachable()
                && e.replayPosition() >= token;
    }

    @Override
    public void switchToPrimary(RoutedConnection connection) throws SQLException {
        RoutingContext ctx = RoutingContext.currentOr(connection.context());
        RoutingIntent intent = ctx.intent();
        Endpoint w = state.writer();
        boolean command = isCommand(intent);
        failFastIfUnwritable(w, command);
        Connection c;
        try {
            c = w.dataSource().getConnection();
        } catch (SQLException e) {
            state.connectFailed(w, e);
            if (command) {
                throw state.writesUnavailable(w, e);
            }
            throw e;
        }
        connection.rebind(c, w, ctx.threadSlot());
        w.served(ctx.threadSlot());
        ctx.lastEndpoint(w);
        observers.heldSwitch();
        if (observers.observed()) {
            observers.routed(Route.PRIMARY, w);
        }
    }

    @Override
    public RuntimeException heldReplicaConflict(RoutedConnection connection) {
        RoutingIntent intent = RoutingContext.currentOr(connection.context()).intent();
        return new RouteConflictException((intent == null ? "A write with no routing scope"
                : intent.toString()) + " cannot run on a connection bound to a replica by a"
                + " transaction still open on it (" + connection.endpoint().name() + "): a bound"
                + " connection never switches, and a replica cannot write. This happens when a"
                + " connection is held across calls, as JPA open-in-view does: set"
                + " spring.jpa.open-in-view=false, or start the write outside that transaction.");
    }
}
