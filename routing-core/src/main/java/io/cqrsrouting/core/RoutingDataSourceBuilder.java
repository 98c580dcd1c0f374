package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.dialect.Dialect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    EndpointSpec primary;
    final List<EndpointSpec> replicas = new ArrayList<>();
    final List<EndpointSpec> nodes = new ArrayList<>();
    Dialect dialect;
    String name;
    Route defaultRoute = Route.PRIMARY;
    Duration maxStaleness;
    ReplicaSelection selection = ReplicaSelection.ROUND_ROBIN;
    NoReplicaPolicy noReplicaPolicy = NoReplicaPolicy.FALLBACK_TO_PRIMARY;
    double primaryReadShare;
    boolean deriveReadOnlyReplica = true;
    boolean failoverGroupListener;
    Boolean checkServingConnection;
    boolean trackWrites = true;
    ReadsAfterWrite readsAfterWrite = ReadsAfterWrite.READ_YOUR_WRITES;
    int poolSize = 10;
    Duration connectionTimeout;
    Duration monitorInterval = Duration.ofMillis(250);
    Duration probeTimeout = Duration.ofSeconds(2);
    boolean monitor = true;
    Duration maxReadYourWritesWait = Duration.ofSeconds(5);
    final List<BiConsumer<String, HikariConfig>> poolCustomizers = new ArrayList<>();
    byte[] tokenSigningKey;
    final List<byte[]> acceptedTokenKeys = new ArrayList<>();
    final List<RoutingListener> listeners = new ArrayList<>();

    RoutingDataSourceBuilder() {
    }

    /**
     * The read-write primary (or failover-group / availability-group read-write listener).
     * @param dataSource a pool of connections to it; not closed by the router
     */
    public RoutingDataSourceBuilder primary(DataSource dataSource) {
        this.primary = EndpointSpec.of(required("primary", dataSource), 1);
        return this;
    }

    /**
     * The read-write primary as a pool, with a non-pooling {@code DataSource} (short connect and
     * socket timeouts) the monitor probes it through, so that probes never use the application's
     * pool. Needed for pools other than a URL-configured {@code HikariDataSource}; see
     * {@code docs/configuration.md}, "Probe connections".
     * @param dataSource a pool of connections to it; not closed by the router
     * @param probe a non-pooling {@code DataSource} for the monitor; not closed by the router
     */
    public RoutingDataSourceBuilder primary(DataSource dataSource, DataSource probe) {
        this.primary = EndpointSpec.of(required("primary", dataSource), 1).probe(probe, "primary");
        return this;
    }

    /**
     * The read-write primary by JDBC URL; the router builds and owns a HikariCP pool for it.
     * @param jdbcUrl its JDBC URL
     * @param username the user, may be null if the URL carries it
     * @param password the password, may be null; never logged or shown
     */
    public RoutingDataSourceBuilder primary(String jdbcUrl, String username, String password) {
        this.primary = EndpointSpec.of(jdbcUrl, username, password, 1);
        return this;
    }

    /**
     * Adds a read-only replica. Repeatable.
     * @param dataSource a pool of connections to it; not closed by the router
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource) {
        return replica(dataSource, 1);
    }

    /**
     * Adds a read-only replica with the {@code DataSource} the monitor probes it through (see
     * {@link #primary(DataSource, DataSource)}). Repeatable.
     * @param dataSource a pool of connections to it; not closed by the router
     * @param probe a non-pooling {@code DataSource} for the monitor; not closed by the router
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource, DataSource probe) {
        String setting = "replicas[" + replicas.size() + "]";
        replicas.add(EndpointSpec.of(required(setting, dataSource), 1).probe(probe, setting));
        return this;
    }

    /**
     * Adds a read-only replica with a weight for {@link ReplicaSelection#WEIGHTED}.
     * @param dataSource a pool of connections to it; not closed by the router
     * @param weight its share of reads relative to the other replicas, 1 or more
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource, int weight) {
        replicas.add(EndpointSpec.of(required("replicas[" + replicas.size() + "]", dataSource),
                weight));
        return this;
    }

    /**
     * Adds a read-only replica by JDBC URL (the router builds and owns its pool). Repeatable.
     * @param jdbcUrl its JDBC URL
     * @param username the user, may be null
     * @param password the password, may be null; never logged or shown
     */
    public RoutingDataSourceBuilder replica(String jdbcUrl, String username, String password) {
        return replica(jdbcUrl, username, password, 1);
    }

    /**
     * Adds a weighted read-only replica by JDBC URL.
     * @param jdbcUrl its JDBC URL
     * @param username the user, may be null
     * @param password the password, may be null; never logged or shown
     * @param weight its share of reads relative to the other replicas, 1 or more
     */
    public RoutingDataSourceBuilder replica(String jdbcUrl, String username, String password,
            int weight) {
        replicas.add(EndpointSpec.of(jdbcUrl, username, password, weight));
        return this;
    }

    /**
     * Cluster mode: adds a node of a self-managed cluster (PostgreSQL primary/standbys) whose role
     * the monitor discovers. The node that reports writable takes commands; the others serve
     * reads; after a promotion the router finds the new primary by itself. Repeatable; cannot be
     * combined with {@code primary(...)}/{@code replica(...)}.
     * @param jdbcUrl the node's JDBC URL
     * @param username the user, may be null
     * @param password the password, may be null; never logged or shown
     */
    public RoutingDataSourceBuilder node(String jdbcUrl, String username, String password) {
        nodes.add(EndpointSpec.of(jdbcUrl, username, password, 1));
        return this;
    }

    /**
     * Cluster mode with a pool given for the node (see {@link #node(String, String, String)}).
     * @param dataSource a pool of connections to the node; not closed by the router
     */
    public RoutingDataSourceBuilder node(DataSource dataSource) {
        nodes.add(EndpointSpec.of(required("nodes[" + nodes.size() + "]", dataSource), 1));
        return this;
    }

    /**
     * Cluster mode with a pool and the {@code DataSource} the monitor probes the node through
     * (see {@link #primary(DataSource, DataSource)}).
     * @param dataSource a pool of connections to the node; not closed by the router
     * @param probe a non-pooling {@code DataSource} for the monitor; not closed by the router
     */
    public RoutingDataSourceBuilder node(DataSource dataSource, DataSource probe) {
        String setting = "nodes[" + nodes.size() + "]";
        nodes.add(EndpointSpec.of(required(setting, dataSource), 1).probe(probe, setting));
        return this;
    }

    /**
     * @param dialect the database dialect; detected from the URL or the first connection if unset
     */
    public RoutingDataSourceBuilder dialect(Dialect dialect) {
        this.dialect = dialect;
        return this;
    }

    /**
     * @param name the cluster's name: consistency tokens are scoped by it, so every application
     *     instance talking to the same cluster must use the same name (default: derived from the
     *     primary's URL, or {@code default} for a DataSource primary)
     */
    public RoutingDataSourceBuilder name(String name) {
        this.name = name;
        return this;
    }

    /**
     * @param route where calls made outside any routing scope go ({@link Route#PRIMARY} by default)
     */
    public RoutingDataSourceBuilder defaultRoute(Route route) {
        this.defaultRoute = required("defaultRoute", route);
        return this;
    }

    /**
     * @param bound the default staleness bound for replica reads; {@code null} (default) means no
     *     bound. {@code @Query(maxStalenessMillis)} overrides it per method.
     */
    public RoutingDataSourceBuilder maxStaleness(Duration bound) {
        this.maxStaleness = bound;
        return this;
    }

    /**
     * @param selection how reads pick among replicas ({@link ReplicaSelection#ROUND_ROBIN} default)
     */
    public RoutingDataSourceBuilder replicaSelection(ReplicaSelection selection) {
        this.selection = required("replicaSelection", selection);
        return this;
    }

    /**
     * Sends about this share of the plain replica reads to the primary, chosen at random per read
     * (reads that need a caught-up node and commands are not affected); see
     * {@code docs/configuration.md}, "Reads on the primary".
     * @param share a fraction in {@code [0, 1)}; {@code 0} (default) sends none
     */
    public RoutingDataSourceBuilder primaryReadShare(double share) {
        this.primaryReadShare = share;
        return this;
    }

    /**
     * @param policy what a replica read does when no replica is eligible
     */
    public RoutingDataSourceBuilder whenNoReplica(NoReplicaPolicy policy) {
        this.noReplicaPolicy = required("whenNoReplica", policy);
        return this;
    }

    /**
     * @param derive whether a SQL Server primary URL with no replica gets a derived
     *     {@code applicationIntent=ReadOnly} replica (default {@code true})
     */
    public RoutingDataSourceBuilder deriveReadOnlyReplica(boolean derive) {
        this.deriveReadOnlyReplica = derive;
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
        this.failoverGroupListener = listener;
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
        this.checkServingConnection = check;
        return this;
    }

    /**
     * @param track whether writes committed on the primary through the router are noted for
     *     read-your-writes, whatever started them (default {@code true}; costs no round trip).
     *     Without it, read-your-writes reads use any replica within the default bound
     */
    public RoutingDataSourceBuilder trackWrites(boolean track) {
        this.trackWrites = track;
        return this;
    }

    /**
     * @param reads what plain reads see in a session that has written (default
     *     {@link ReadsAfterWrite#READ_YOUR_WRITES}: its own writes)
     */
    public RoutingDataSourceBuilder readsAfterWrite(ReadsAfterWrite reads) {
        this.readsAfterWrite = required("readsAfterWrite", reads);
        return this;
    }

    /**
     * @param key the secret (at least 16 bytes) every application instance signs consistency
     *     tokens with; without it tokens hold only in this process. See
     *     {@code docs/consistency.md}
     */
    public RoutingDataSourceBuilder tokenSigningKey(byte[] key) {
        this.tokenSigningKey = key == null ? null : tokenKey("tokenSigningKey", key);
        return this;
    }

    /**
     * Keys whose tokens are still accepted besides the signing key, for key rotation (see
     * {@code docs/configuration.md}, "Token keys").
     * @param keys previous signing keys, each at least 16 bytes
     */
    public RoutingDataSourceBuilder acceptedTokenKeys(byte[]... keys) {
        required("acceptedTokenKeys", keys);
        for (int i = 0; i < keys.length; i++) {
            acceptedTokenKeys.add(tokenKey("acceptedTokenKeys[" + i + "]", keys[i]));
        }
        return this;
    }

    /**
     * @param size the maximum pool size of each pool the router builds (default 10)
     */
    public RoutingDataSourceBuilder poolSize(int size) {
        this.poolSize = size;
        return this;
    }

    /**
     * @param timeout how long a call waits for a connection from a pool the router built,
     *     opening one included (default 5 s; 30 s for SQL Server URLs, as Azure asks)
     */
    public RoutingDataSourceBuilder connectionTimeout(Duration timeout) {
        this.connectionTimeout = timeout;
        return this;
    }

    /**
     * Adds a callback applied to the configuration of each pool the router builds, after its own
     * settings. Repeatable: callbacks run in the order added.
     * @param customizer sets HikariCP settings, for example {@code c -> c.setMinimumIdle(2)}
     */
    public RoutingDataSourceBuilder poolCustomizer(Consumer<HikariConfig> customizer) {
        required("poolCustomizer", customizer);
        poolCustomizers.add((endpoint, config) -> customizer.accept(config));
        return this;
    }

    /**
     * Like {@link #poolCustomizer(Consumer)}, for settings that differ per endpoint.
     * @param customizer called with the endpoint's name ({@code primary}, {@code replica-1} ...
     *     in the order added, {@code node-1} ... in cluster mode) and its pool's configuration
     */
    public RoutingDataSourceBuilder endpointPoolCustomizer(
            BiConsumer<String, HikariConfig> customizer) {
        poolCustomizers.add(required("endpointPoolCustomizer", customizer));
        return this;
    }

    /**
     * @param interval how often the monitor probes each endpoint (default 250 ms), and so the
     *     precision of measured lag; ten times as often while writes are unavailable
     */
    public RoutingDataSourceBuilder monitorInterval(Duration interval) {
        this.monitorInterval = interval;
        return this;
    }

    /**
     * @param timeout how long one probe may take before its endpoint counts as unreachable
     *     (default 2 s)
     */
    public RoutingDataSourceBuilder probeTimeout(Duration timeout) {
        this.probeTimeout = timeout;
        return this;
    }

    /**
     * @param max the longest a read-your-writes read waits for a replica to catch up, whatever
     *     its {@code waitMillis} says (default 5 s); then it goes to the primary
     */
    public RoutingDataSourceBuilder maxReadYourWritesWait(Duration max) {
        this.maxReadYourWritesWait = max;
        return this;
    }

    /**
     * @param enabled whether the background monitor runs (default {@code true}). Without it,
     *     roles and lag are unknown: bounded reads and read-your-writes go to the primary.
     */
    public RoutingDataSourceBuilder monitor(boolean enabled) {
        this.monitor = enabled;
        return this;
    }

    /**
     * Adds a listener for routing events and decisions, called in the order added; it hears the
     * monitor's first probes.
     * @param listener the listener
     * @see RoutingDataSource#addListener(RoutingListener)
     */
    public RoutingDataSourceBuilder listener(RoutingListener listener) {
        listeners.add(required("listener", listener));
        return this;
    }

    /**
     * Validates the settings, builds the pools and starts the monitor.
     *
     * @return the router
     * @throws RoutingConfigurationException naming the first invalid setting
     */
    public RoutingDataSource build() {
        return new RoutingAssembly(this).build();
    }

    private static byte[] tokenKey(String setting, byte[] key) {
        if (key == null || key.length < 16) {
            throw new RoutingConfigurationException(setting, "must be at least 16 bytes; was "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        return key.clone();
    }

    private static <T> T required(String setting, T value) {
        if (value == null) {
            throw new RoutingConfigurationException(setting, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "RoutingDataSourceBuilder[primary=" + primary + ", replicas=" + replicas + "]";
    }
}
