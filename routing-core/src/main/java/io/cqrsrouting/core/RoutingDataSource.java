package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
public final class RoutingDataSource implements DataSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);

    private final RouterSettings settings;
    private final Endpoint primary;
    private final Endpoint[] replicas;
    private final Observers observers;
    private final ClusterState state;
    private final Tokens tokens;
    private final Router router;
    private final EndpointMonitor monitor;

    RoutingDataSource(RouterSettings settings, Endpoint primary, Endpoint[] replicas,
            int[] weights, RoutingListeners listeners) {
        this.settings = settings;
        this.primary = primary;
        this.replicas = replicas;
        this.observers = new Observers(settings.clusterName(), settings.noReplicaPolicy(),
                listeners);
        this.state = new ClusterState(settings, primary, replicas, observers);
        this.tokens = new Tokens(settings, state);
        this.router = new Router(settings, replicas, new ReplicaSelector(replicas, weights,
                settings.selection(), settings.clusterMode()), state, tokens, observers);
        primary.sink(state);
        for (Endpoint r : replicas) {
            r.sink(state);
        }
        this.monitor = settings.monitor() ? Monitors.create(settings, primary, replicas, state)
                : null;
        if (monitor != null) {
            state.attach(monitor);
            monitor.start();
            monitor.urgent(state.writesUnavailable()); // a transition may have raced the start
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

    /**
     * A connection on the route the calling thread's innermost scope asks for (the default route
     * outside any scope), from the endpoint the router picks for it now.
     *
     * @return the connection; close it to give it back to its pool
     * @throws WritesUnavailableException for a command while no writable primary is reachable
     * @throws NoReplicaAvailableException for a replica read with no eligible replica when the
     *     router is configured with {@code whenNoReplica(FAIL)}
     * @throws PoolExhaustedException when the chosen endpoint's pool had no connection in time
     * @throws SQLException when no connection can be opened
     */
    @Override
    public Connection getConnection() throws SQLException {
        return router.connection();
    }

    /**
     * Adds a listener; it hears of every later event and decision (see {@link RoutingListener}).
     *
     * @param listener the listener
     */
    public void addListener(RoutingListener listener) {
        observers.add(listener);
    }

    /**
     * Removes a listener added by {@link #addListener} or the builder.
     *
     * @param listener the listener (compared by identity)
     */
    public void removeListener(RoutingListener listener) {
        observers.remove(listener);
    }

    /**
     * @return whether the router is in writes-unavailable mode: the endpoint that takes writes is
     *     unreachable or read-only, so commands fail fast with {@link WritesUnavailableException}
     */
    public boolean writesUnavailable() {
        return state.writesUnavailable();
    }

    /** @return whether the router discovers its nodes' roles itself ({@code node(...)} mode) */
    public boolean clusterMode() {
        return settings.clusterMode();
    }

    /** @return the endpoint currently taking writes (changes after a failover in cluster mode) */
    public EndpointStatus currentPrimary() {
        return EndpointStatus.of(state.writer(), Route.PRIMARY);
    }

    /** @return the dialect in use, or {@code null} while it is not known yet */
    public Dialect dialect() {
        return state.dialect();
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
        return tokens.export(RoutingContext.current().sessionIfPresent());
    }

    /**
     * Imports a token into the calling thread's (or current session's) state. An invalid,
     * oversized, foreign or forged token is ignored (logged at debug), never trusted.
     *
     * @param token the token, may be null
     * @return whether it was accepted
     */
    public boolean importToken(String token) {
        return tokens.importInto(RoutingContext.current().session(), token);
    }

    /** For tests: the replica endpoints (the nodes, in cluster mode). */
    /** @return how many probes the monitor has completed, all endpoints together (0 without one) */
    long probeCount() {
        return monitor == null ? 0 : monitor.probeCount();
    }

    /** For tests: the refused commands' trials of the primary endpoint. */
    WriterTrial writerTrial() {
        return router.trial();
    }

    Endpoint[] replicaEndpoints() {
        return replicas;
    }

    Tokens tokens() {
        return tokens;
    }

    /** For tests: the position a token stands for, -1 if it is not accepted. */
    long decodeToken(String token) {
        return tokens.decode(token);
    }

    /** @return a snapshot of every endpoint's state, primary first */
    public List<EndpointStatus> endpoints() {
        List<EndpointStatus> out = new ArrayList<>(replicas.length + 1);
        Endpoint w = state.writer();
        boolean clusterMode = settings.clusterMode();
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
        return observers.fallbackCount(reason);
    }

    /**
     * @return how many times a held replica connection (JPA open-in-view, an ORM session) was
     *     switched to the primary because a write or primary-scoped call used it
     */
    public long heldConnectionSwitches() {
        return observers.heldSwitches();
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

    /** Stops the monitor and closes the pools this router built (never a given DataSource). */
    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        for (Endpoint r : replicas) {
            r.close();
        }
        if (!settings.clusterMode()) {
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

    /**
     * Not supported: credentials are given per endpoint in the builder.
     *
     * @throws SQLFeatureNotSupportedException always; call {@link #getConnection()}
     */
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
