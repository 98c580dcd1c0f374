package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import io.cqrsrouting.dialect.Dialect;

import static io.cqrsrouting.core.BuilderState.given;
import static io.cqrsrouting.core.BuilderState.required;
import static io.cqrsrouting.core.BuilderState.tokenKey;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Builds an immutable {@link RoutingDataSource}. Every setting is validated in {@link #build()},
 * which fails with a {@link RoutingConfigurationException} naming the setting and the value
 * (never a password). Every setting method returns this builder.
 *
 * <pre>{@code
 * RoutingDataSource ds = RoutingDataSource.builder()
 *     .primary("jdbc:postgresql://db-primary:5432/app", "app", secret)
 *     .replica("jdbc:postgresql://db-standby:5432/app", "app", secret)
 *     .maxStaleness(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p>Endpoints given as JDBC URL and credentials get a HikariCP pool each, built here and closed
 * by {@link RoutingDataSource#close()}; endpoints given as a {@link DataSource} are used as they
 * are and never closed by the router. Every setting, its default and when to change it:
 * {@code docs/configuration.md} in the project repository.
 */
public final class RoutingDataSourceBuilder {

    /** The settings as given; checked together when the router is built. */
    private final BuilderState s = new BuilderState();

    RoutingDataSourceBuilder() {
    }

    /** The read-write primary (or a read-write listener) as a pool; not closed by the router. */
    public RoutingDataSourceBuilder primary(DataSource dataSource) {
        s.primary = given("primary", dataSource, 1);
        return this;
    }

    /**
     * The read-write primary as a pool, with a non-pooling {@code DataSource} (short connect and
     * socket timeouts) the monitor probes it through, so that probes never use the application's
     * pool. Needed for pools other than a URL-configured {@code HikariDataSource}; see
     * {@code docs/configuration.md}, "Probe connections". Neither is closed by the router.
     */
    public RoutingDataSourceBuilder primary(DataSource dataSource, DataSource probe) {
        s.primary = given("primary", dataSource, probe);
        return this;
    }

    /**
     * The read-write primary by JDBC URL; the router builds and owns a HikariCP pool for it. User
     * and password may be null (if the URL carries them); the password is never logged or shown.
     */
    public RoutingDataSourceBuilder primary(String jdbcUrl, String username, String password) {
        s.primary = EndpointSpec.of(jdbcUrl, username, password, 1);
        return this;
    }

    /** Adds a read-only replica as a pool, not closed by the router. Repeatable. */
    public RoutingDataSourceBuilder replica(DataSource dataSource) {
        return replica(dataSource, 1);
    }

    /**
     * Adds a read-only replica with the {@code DataSource} the monitor probes it through (see
     * {@link #primary(DataSource, DataSource)}); neither is closed by the router. Repeatable.
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource, DataSource probe) {
        s.replicas.add(given(s.nextReplica(), dataSource, probe));
        return this;
    }

    /**
     * Adds a read-only replica as a pool (not closed by the router) with a weight, 1 or more: its
     * share of reads relative to the other replicas under {@link ReplicaSelection#WEIGHTED}.
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource, int weight) {
        s.replicas.add(given(s.nextReplica(), dataSource, weight));
        return this;
    }

    /**
     * Adds a read-only replica by JDBC URL (the router builds and owns its pool); user and password
     * may be null, the password is never logged or shown. Repeatable.
     */
    public RoutingDataSourceBuilder replica(String jdbcUrl, String username, String password) {
        return replica(jdbcUrl, username, password, 1);
    }

    /** Adds a weighted read-only replica by JDBC URL (see {@link #replica(DataSource, int)}). */
    public RoutingDataSourceBuilder replica(String jdbcUrl, String username, String password,
            int weight) {
        s.replicas.add(EndpointSpec.of(jdbcUrl, username, password, weight));
        return this;
    }

    /**
     * Cluster mode: adds a node of a self-managed cluster (PostgreSQL primary/standbys) whose role
     * the monitor discovers. The node that reports writable takes commands; the others serve
     * reads; after a promotion the router finds the new primary by itself. Repeatable; cannot be
     * combined with {@code primary(...)}/{@code replica(...)}. User and password may be null; the
     * password is never logged or shown.
     */
    public RoutingDataSourceBuilder node(String jdbcUrl, String username, String password) {
        s.nodes.add(EndpointSpec.of(jdbcUrl, username, password, 1));
        return this;
    }

    /** Cluster mode with a pool for the node, not closed by the router. Repeatable. */
    public RoutingDataSourceBuilder node(DataSource dataSource) {
        s.nodes.add(given(s.nextNode(), dataSource, 1));
        return this;
    }

    /**
     * Cluster mode with a pool and the {@code DataSource} the monitor probes the node through
     * (see {@link #primary(DataSource, DataSource)}); neither is closed by the router.
     */
    public RoutingDataSourceBuilder node(DataSource dataSource, DataSource probe) {
        s.nodes.add(given(s.nextNode(), dataSource, probe));
        return this;
    }

    /** The database dialect; detected from the URL or the first connection if unset. */
    public RoutingDataSourceBuilder dialect(Dialect dialect) {
        s.dialect = dialect;
        return this;
    }

    /**
     * The cluster's name: consistency tokens are scoped by it, so every application instance
     * talking to the same cluster must use the same name (default: derived from the primary's URL,
     * or {@code default} for a DataSource primary).
     */
    public RoutingDataSourceBuilder name(String name) {
        s.name = name;
        return this;
    }

    /** Where calls made outside any routing scope go ({@link Route#PRIMARY} by default). */
    public RoutingDataSourceBuilder defaultRoute(Route route) {
        s.defaultRoute = required("defaultRoute", route);
        return this;
    }

    /**
     * The default staleness bound for replica reads; {@code null} (default) means no bound.
     * {@code @Query(maxStalenessMillis)} overrides it per method.
     */
    public RoutingDataSourceBuilder maxStaleness(Duration bound) {
        s.maxStaleness = bound;
        return this;
    }

    /** How reads pick among replicas ({@link ReplicaSelection#ROUND_ROBIN} default). */
    public RoutingDataSourceBuilder replicaSelection(ReplicaSelection selection) {
        s.selection = required("replicaSelection", selection);
        return this;
    }

    /**
     * Sends about this share of the plain replica reads to the primary, chosen at random per read
     * (reads that need a caught-up node and commands are not affected); see
     * {@code docs/configuration.md}, "Reads on the primary".
     * @param share a fraction in {@code [0, 1)}; {@code 0} (default) sends none
     */
    public RoutingDataSourceBuilder primaryReadShare(double share) {
        s.primaryReadShare = share;
        return this;
    }

    /** What a replica read does when no replica is eligible. */
    public RoutingDataSourceBuilder whenNoReplica(NoReplicaPolicy policy) {
        s.noReplicaPolicy = required("whenNoReplica", policy);
        return this;
    }

    /**
     * Whether a SQL Server primary URL with no replica gets a derived
     * {@code applicationIntent=ReadOnly} replica (default {@code true}).
     */
    public RoutingDataSourceBuilder deriveReadOnlyReplica(boolean derive) {
        s.deriveReadOnlyReplica = derive;
        return this;
    }

    /**
     * Declares that the SQL Server primary URL is an Azure failover group's read-write listener:
     * the derived replica is then the group's read-only listener (the geo-secondary). Used only
     * when no replica is given; {@link #build()} fails if the host is not a listener name. See
     * {@code docs/sqlserver.md}.
     * @param listener whether the primary URL is a failover-group listener (default {@code false})
     */
    public RoutingDataSourceBuilder failoverGroupListener(boolean listener) {
        s.failoverGroupListener = listener;
        return this;
    }

    /**
     * Whether reads that need a known position (read-your-writes, bounded staleness) check it with
     * one query on the connection that will serve them; needed where one replica endpoint spreads
     * connections over nodes with different lag. See {@code docs/configuration.md},
     * "Checking the serving connection".
     * @param check {@code true} to check, {@code false} to trust the monitor; default
     *     {@code true} for SQL Server, {@code false} otherwise
     */
    public RoutingDataSourceBuilder checkServingConnection(boolean check) {
        s.checkServingConnection = check;
        return this;
    }

    /**
     * Whether writes committed on the primary through the router are noted for read-your-writes,
     * whatever started them (default {@code true}; costs no round trip). Without it,
     * read-your-writes reads use any replica within the default bound.
     */
    public RoutingDataSourceBuilder trackWrites(boolean track) {
        s.trackWrites = track;
        return this;
    }

    /**
     * What plain reads see in a session that has written (default {@link
     * ReadsAfterWrite#READ_YOUR_WRITES}: its own writes).
     */
    public RoutingDataSourceBuilder readsAfterWrite(ReadsAfterWrite reads) {
        s.readsAfterWrite = required("readsAfterWrite", reads);
        return this;
    }

    /**
     * The secret (at least 16 bytes) every application instance signs consistency tokens with;
     * without it tokens hold only in this process. See {@code docs/consistency.md}.
     */
    public RoutingDataSourceBuilder tokenSigningKey(byte[] key) {
        s.tokenSigningKey = key == null ? null : tokenKey("tokenSigningKey", key);
        return this;
    }

    /**
     * Keys whose tokens are still accepted besides the signing key, for key rotation (see
     * {@code docs/configuration.md}, "Token keys").
     * @param keys previous signing keys, each at least 16 bytes
     */
    public RoutingDataSourceBuilder acceptedTokenKeys(byte[]... keys) {
        s.acceptTokenKeys(keys);
        return this;
    }

    /** The maximum pool size of each pool the router builds (default 10). */
    public RoutingDataSourceBuilder poolSize(int size) {
        s.poolSize = size;
        return this;
    }

    /**
     * How long a call waits for a connection from a pool the router built, opening one included
     * (default 5 s; 30 s for SQL Server URLs, as Azure asks).
     */
    public RoutingDataSourceBuilder connectionTimeout(Duration timeout) {
        s.connectionTimeout = timeout;
        return this;
    }

    /**
     * Adds a callback applied to the configuration of each pool the router builds, after its own
     * settings, e.g. {@code c -> c.setMinimumIdle(2)}. Repeatable; run in the order added.
     */
    public RoutingDataSourceBuilder poolCustomizer(Consumer<HikariConfig> customizer) {
        required("poolCustomizer", customizer);
        s.poolCustomizers.add((endpoint, config) -> customizer.accept(config));
        return this;
    }

    /**
     * Like {@link #poolCustomizer(Consumer)}, for settings that differ per endpoint.
     * @param customizer called with the endpoint's name ({@code primary}, {@code replica-1} ...
     *     in the order added, {@code node-1} ... in cluster mode) and its pool's configuration
     */
    public RoutingDataSourceBuilder endpointPoolCustomizer(
            BiConsumer<String, HikariConfig> customizer) {
        s.poolCustomizers.add(required("endpointPoolCustomizer", customizer));
        return this;
    }

    /**
     * How often the monitor probes each endpoint (default 250 ms), and so the precision of measured
     * lag; ten times as often while writes are unavailable.
     */
    public RoutingDataSourceBuilder monitorInterval(Duration interval) {
        s.monitorInterval = interval;
        return this;
    }

    /** How long one probe may take before its endpoint counts as unreachable (default 2 s). */
    public RoutingDataSourceBuilder probeTimeout(Duration timeout) {
        s.probeTimeout = timeout;
        return this;
    }

    /**
     * The longest a read-your-writes read waits for a replica to catch up, whatever its {@code
     * waitMillis} says (default 5 s); then it goes to the primary.
     */
    public RoutingDataSourceBuilder maxReadYourWritesWait(Duration max) {
        s.maxReadYourWritesWait = max;
        return this;
    }

    /**
     * Whether the background monitor runs (default {@code true}). Without it, roles and lag are
     * unknown: bounded reads and read-your-writes go to the primary.
     */
    public RoutingDataSourceBuilder monitor(boolean enabled) {
        s.monitor = enabled;
        return this;
    }

    /**
     * Adds a listener for routing events and decisions (called in the order added).
     * @see RoutingDataSource#addListener(RoutingListener)
     */
    public RoutingDataSourceBuilder listener(RoutingListener listener) {
        s.listeners.add(required("listener", listener));
        return this;
    }

    /**
     * Validates the settings, builds the pools and starts the monitor.
     *
     * @return the router
     * @throws RoutingConfigurationException naming the first invalid setting
     */
    public RoutingDataSource build() {
        return new RoutingAssembly(s).build();
    }

    @Override
    public String toString() {
        return "RoutingDataSourceBuilder[primary=" + s.primary + ", replicas=" + s.replicas + "]";
    }
}
