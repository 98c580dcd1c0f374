package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.core.internal.Urls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Builds an immutable {@link RoutingDataSource}. Every setting is validated in {@link #build()},
 * which fails with a {@link RoutingConfigurationException} naming the setting and the value
 * (never a password).
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
 * are and never closed by the router. For SQL Server, a primary given by URL with no replica gets
 * the read scale-out endpoint derived from it ({@code applicationIntent=ReadOnly}) unless
 * {@link #deriveReadOnlyReplica(boolean)} turns that off.
 */
public final class RoutingDataSourceBuilder {


    /** Pool wait for SQL Server endpoints: Azure asks for connect timeouts of 30 s or more. */
    static final Duration SQL_SERVER_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

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
     *
     * @param dataSource a pool of connections to it; not closed by the router
     * @return this builder
     */
    public RoutingDataSourceBuilder primary(DataSource dataSource) {
        this.primary = EndpointSpec.of(required("primary", dataSource), 1);
        return this;
    }

    /**
     * The read-write primary as a pool, with the {@code DataSource} the monitor probes it
     * through. The monitor never uses the application's pool: for a {@code HikariDataSource}
     * configured with a {@code jdbcUrl} it opens its own connections from the pool's settings;
     * for any other pool give a non-pooling {@code DataSource} here (for example a
     * {@code PGSimpleDataSource} or {@code SQLServerDataSource} with short connect and socket
     * timeouts). Without one the monitor borrows one pooled connection per probe and says so at
     * start-up.
     *
     * @param dataSource a pool of connections to it; not closed by the router
     * @param probe a non-pooling {@code DataSource} for the monitor; not closed by the router
     * @return this builder
     */
    public RoutingDataSourceBuilder primary(DataSource dataSource, DataSource probe) {
        this.primary = EndpointSpec.of(required("primary", dataSource), 1).probe(probe, "primary");
        return this;
    }

    /**
     * The read-write primary by JDBC URL; the router builds and owns a HikariCP pool for it.
     *
     * @param jdbcUrl its JDBC URL
     * @param username the user, may be null if the URL carries it
     * @param password the password, may be null; never logged or shown
     * @return this builder
     */
    public RoutingDataSourceBuilder primary(String jdbcUrl, String username, String password) {
        this.primary = EndpointSpec.of(jdbcUrl, username, password, 1);
        return this;
    }

    /**
     * Adds a read-only replica. Repeatable.
     *
     * @param dataSource a pool of connections to it; not closed by the router
     * @return this builder
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource) {
        return replica(dataSource, 1);
    }

    /**
     * Adds a read-only replica with the {@code DataSource} the monitor probes it through (see
     * {@link #primary(DataSource, DataSource)}). Repeatable.
     *
     * @param dataSource a pool of connections to it; not closed by the router
     * @param probe a non-pooling {@code DataSource} for the monitor; not closed by the router
     * @return this builder
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource, DataSource probe) {
        String setting = "replicas[" + replicas.size() + "]";
        replicas.add(EndpointSpec.of(required(setting, dataSource), 1).probe(probe, setting));
        return this;
    }

    /**
     * Adds a read-only replica with a weight for {@link ReplicaSelection#WEIGHTED}.
     *
     * @param dataSource a pool of connections to it; not closed by the router
     * @param weight its share of reads relative to the other replicas, 1 or more
     * @return this builder
     */
    public RoutingDataSourceBuilder replica(DataSource dataSource, int weight) {
        replicas.add(EndpointSpec.of(required("replicas[" + replicas.size() + "]", dataSource),
                weight));
        return this;
    }

    /**
     * Adds a read-only replica by JDBC URL (the router builds and owns its pool). Repeatable.
     *
     * @param jdbcUrl its JDBC URL
     * @param username the user, may be null
     * @param password the password, may be null; never logged or shown
     * @return this builder
     */
    public RoutingDataSourceBuilder replica(String jdbcUrl, String username, String password) {
        return replica(jdbcUrl, username, password, 1);
    }

    /**
     * Adds a weighted read-only replica by JDBC URL.
     *
     * @param jdbcUrl its JDBC URL
     * @param username the user, may be null
     * @param password the password, may be null; never logged or shown
     * @param weight its share of reads relative to the other replicas, 1 or more
     * @return this builder
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
     *
     * @param jdbcUrl the node's JDBC URL
     * @param username the user, may be null
     * @param password the password, may be null; never logged or shown
     * @return this builder
     */
    public RoutingDataSourceBuilder node(String jdbcUrl, String username, String password) {
        nodes.add(EndpointSpec.of(jdbcUrl, username, password, 1));
        return this;
    }

    /**
     * Cluster mode with a pool given for the node (see {@link #node(String, String, String)}).
     *
     * @param dataSource a pool of connections to the node; not closed by the router
     * @return this builder
     */
    public RoutingDataSourceBuilder node(DataSource dataSource) {
        nodes.add(EndpointSpec.of(required("nodes[" + nodes.size() + "]", dataSource), 1));
        return this;
    }

    /**
     * Cluster mode with a pool and the {@code DataSource} the monitor probes the node through
     * (see {@link #primary(DataSource, DataSource)}).
     *
     * @param dataSource a pool of connections to the node; not closed by the router
     * @param probe a non-pooling {@code DataSource} for the monitor; not closed by the router
     * @return this builder
     */
    public RoutingDataSourceBuilder node(DataSource dataSource, DataSource probe) {
        String setting = "nodes[" + nodes.size() + "]";
        nodes.add(EndpointSpec.of(required(setting, dataSource), 1).probe(probe, setting));
        return this;
    }

    /**
     * @param dialect the database dialect; detected from the URL or the first connection if unset
     * @return this builder
     */
    public RoutingDataSourceBuilder dialect(Dialect dialect) {
        this.dialect = dialect;
        return this;
    }

    /**
     * @param name the cluster's name: consistency tokens are scoped by it, so every application
     *     instance talking to the same cluster must use the same name (default: derived from the
     *     primary's URL, or {@code default} for a DataSource primary)
     * @return this builder
     */
    public RoutingDataSourceBuilder name(String name) {
        this.name = name;
        return this;
    }

    /**
     * @param route where calls made outside any routing scope go ({@link Route#PRIMARY} by default)
     * @return this builder
     */
    public RoutingDataSourceBuilder defaultRoute(Route route) {
        this.defaultRoute = required("defaultRoute", route);
        return this;
    }

    /**
     * @param bound the default staleness bound for replica reads; {@code null} (default) means no
     *     bound. {@code @Query(maxStalenessMillis)} overrides it per method.
     * @return this builder
     */
    public RoutingDataSourceBuilder maxStaleness(Duration bound) {
        this.maxStaleness = bound;
        return this;
    }

    /**
     * @param selection how reads pick among replicas ({@link ReplicaSelection#ROUND_ROBIN} default)
     * @return this builder
     */
    public RoutingDataSourceBuilder replicaSelection(ReplicaSelection selection) {
        this.selection = required("replicaSelection", selection);
        return this;
    }

    /**
     * Lets the primary serve a share of the plain replica reads ({@code @Query}, and reads with no
     * written position to honour), chosen at random per read: {@code 0.25} sends about a quarter of
     * them to the primary and the rest to the replicas as {@link #replicaSelection} picks them.
     * Useful when the primary has spare capacity and one replica would otherwise carry all reads.
     * Reads that need a caught-up node ({@code @Consistent}, read-your-writes after a write) and
     * commands are routed as before; the primary serves such a read only while it is reachable.
     *
     * @param share a fraction in {@code [0, 1)}; {@code 0} (default) sends no replica read to the
     *     primary
     * @return this builder
     */
    public RoutingDataSourceBuilder primaryReadShare(double share) {
        this.primaryReadShare = share;
        return this;
    }

    /**
     * @param policy what a replica read does when no replica is eligible
     * @return this builder
     */
    public RoutingDataSourceBuilder whenNoReplica(NoReplicaPolicy policy) {
        this.noReplicaPolicy = required("whenNoReplica", policy);
        return this;
    }

    /**
     * @param derive whether a SQL Server primary URL with no replica gets a derived
     *     {@code applicationIntent=ReadOnly} replica (default {@code true})
     * @return this builder
     */
    public RoutingDataSourceBuilder deriveReadOnlyReplica(boolean derive) {
        this.deriveReadOnlyReplica = derive;
        return this;
    }

    /**
     * Declares that the SQL Server primary URL is an Azure failover group's read-write listener
     * ({@code <fog>.database.windows.net}, or {@code <fog>.<dns-zone>.database.windows.net} for
     * Managed Instance, or another cloud's suffix). The derived replica is then the group's
     * read-only listener ({@code <fog>.secondary...}), which reaches the geo-secondary, instead of
     * the same listener with {@code applicationIntent=ReadOnly}, which reaches a readable replica
     * in the primary's region (or the primary itself on tiers without read scale-out). Used only
     * when no replica is given; {@link #build()} fails if the host is not a listener name.
     *
     * @param listener whether the primary URL is a failover-group listener (default {@code false})
     * @return this builder
     */
    public RoutingDataSourceBuilder failoverGroupListener(boolean listener) {
        this.failoverGroupListener = listener;
        return this;
    }

    /**
     * Whether reads that need a known position (read-your-writes, bounded staleness) check it on
     * the connection that will serve them, with one probe query at checkout; other reads never
     * pay it. Needed where one replica endpoint spreads connections over several nodes with
     * different lag (Azure SQL Hyperscale, a geo-secondary with HA replicas, a load balancer over
     * standbys), because the node the monitor probed may not be the one a pooled connection
     * reaches. A connection that fails the check is returned and the read goes to another
     * replica, waits (read-your-writes) or goes to the primary.
     *
     * @param check {@code true} to check, {@code false} to trust the monitor; default
     *     {@code true} for SQL Server, {@code false} otherwise
     * @return this builder
     */
    public RoutingDataSourceBuilder checkServingConnection(boolean check) {
        this.checkServingConnection = check;
        return this;
    }

    /**
     * @param track whether writes committed on the primary through the router are noted for
     *     read-your-writes, whatever started them (default {@code true}). Noting costs no round
     *     trip: the log position is resolved only when a
     *     read-your-writes read or a token export needs it, from a monitor probe when one ran
     *     since the commit, else with one small query on the primary. Without it,
     *     read-your-writes reads use any replica within the default bound
     * @return this builder
     */
    public RoutingDataSourceBuilder trackWrites(boolean track) {
        this.trackWrites = track;
        return this;
    }

    /**
     * @param reads what plain reads see in a session that has written (default
     *     {@link ReadsAfterWrite#READ_YOUR_WRITES}: its own writes)
     * @return this builder
     */
    public RoutingDataSourceBuilder readsAfterWrite(ReadsAfterWrite reads) {
        this.readsAfterWrite = required("readsAfterWrite", reads);
        return this;
    }

    /**
     * @param key a secret shared by every application instance (at least 16 bytes): consistency
     *     tokens are signed with it (HMAC-SHA256) and tokens not signed with it or with an
     *     {@linkplain #acceptedTokenKeys accepted key} are ignored. Without it tokens are signed
     *     with a random key of this process, so they do not cross instances or restarts (said at
     *     start-up)
     * @return this builder
     */
    public RoutingDataSourceBuilder tokenSigningKey(byte[] key) {
        if (key != null && key.length < 16) {
            throw new RoutingConfigurationException("tokenSigningKey",
                    "must be at least 16 bytes; was " + key.length + " bytes");
        }
        this.tokenSigningKey = key == null ? null : key.clone();
        return this;
    }

    /**
     * Keys whose tokens are still accepted, besides the signing key: to rotate, deploy the new
     * signing key with the old one here, then drop the old one once its tokens have expired from
     * clients. Tokens carry a key id, so verification needs no trial and error.
     *
     * @param keys previous signing keys, each at least 16 bytes
     * @return this builder
     */
    public RoutingDataSourceBuilder acceptedTokenKeys(byte[]... keys) {
        required("acceptedTokenKeys", keys);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || keys[i].length < 16) {
                throw new RoutingConfigurationException("acceptedTokenKeys[" + i + "]",
                        "must be at least 16 bytes; was "
                                + (keys[i] == null ? "null" : keys[i].length + " bytes"));
            }
            acceptedTokenKeys.add(keys[i].clone());
        }
        return this;
    }

    /**
     * @param size the maximum pool size of each pool the router builds (default 10)
     * @return this builder
     */
    public RoutingDataSourceBuilder poolSize(int size) {
        this.poolSize = size;
        return this;
    }

    /**
     * @param timeout how long a call waits for a connection from a pool the router built, which
     *     includes opening one (default 5 s; 30 s for SQL Server URLs, as Azure SQL asks for
     *     connect timeouts of at least 30 s: a login during a reconfiguration can take that long)
     * @return this builder
     */
    public RoutingDataSourceBuilder connectionTimeout(Duration timeout) {
        this.connectionTimeout = timeout;
        return this;
    }

    /**
     * Adds a callback applied to the configuration of each pool the router builds, after
     * {@link #poolSize(int)} and {@link #connectionTimeout(Duration)}. Repeatable: callbacks run in
     * the order added. The pool is already named {@code cqrs-<router>-<endpoint>} (unique in the
     * JVM; {@code <router>} is {@link #name(String)} or the primary's host, port and database).
     *
     * @param customizer sets HikariCP settings, for example {@code c -> c.setMinimumIdle(2)}
     * @return this builder
     */
    public RoutingDataSourceBuilder poolCustomizer(Consumer<HikariConfig> customizer) {
        required("poolCustomizer", customizer);
        poolCustomizers.add((endpoint, config) -> customizer.accept(config));
        return this;
    }

    /**
     * Like {@link #poolCustomizer(Consumer)}, for settings that differ per endpoint.
     *
     * @param customizer called with the endpoint's name ({@code primary}, {@code replica-1},
     *     {@code replica-2} ... in the order replicas were added, {@code node-1} ... in cluster mode)
     *     and the configuration of its pool
     * @return this builder
     */
    public RoutingDataSourceBuilder endpointPoolCustomizer(
            BiConsumer<String, HikariConfig> customizer) {
        poolCustomizers.add(required("endpointPoolCustomizer", customizer));
        return this;
    }

    /**
     * @param interval how often the monitor probes each endpoint (default 250 ms); also the
     *     precision of measured lag. While writes are unavailable every endpoint is probed ten
     *     times as often (at least every 10 ms apart, default 25 ms), so that a promoted or
     *     writable-again primary is noticed within a few tens of milliseconds
     * @return this builder
     */
    public RoutingDataSourceBuilder monitorInterval(Duration interval) {
        this.monitorInterval = interval;
        return this;
    }

    /**
     * @param timeout how long one probe may take before its endpoint counts as unreachable
     *     (default 2 s)
     * @return this builder
     */
    public RoutingDataSourceBuilder probeTimeout(Duration timeout) {
        this.probeTimeout = timeout;
        return this;
    }

    /**
     * @param max the longest a read-your-writes read waits for a replica to replay the caller's
     *     token, whatever its {@code waitMillis} says (default 5 s). Tokens come from clients
     *     (headers, cookies): this bounds the wait any token can cause. The wait holds no
     *     connection; when it runs out the read goes to the primary
     * @return this builder
     */
    public RoutingDataSourceBuilder maxReadYourWritesWait(Duration max) {
        this.maxReadYourWritesWait = max;
        return this;
    }

    /**
     * @param enabled whether the background monitor runs (default {@code true}). Without it,
     *     roles and lag are unknown: bounded reads and read-your-writes go to the primary.
     * @return this builder
     */
    public RoutingDataSourceBuilder monitor(boolean enabled) {
        this.monitor = enabled;
        return this;
    }

    /**
     * Adds a listener for routing events and decisions (endpoint down or up, role changes,
     * failovers, writes-unavailable mode, evictions, fallbacks). Repeatable; listeners are called in
     * the order added. It hears the monitor's first probes, so nothing is missed at start-up.
     *
     * @param listener the listener
     * @return this builder
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

    /** An endpoint's URL and credentials, kept only for the monitor's own connections. */
    record Credentials(String url, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + Urls.mask(url) + ", user=" + username + "]";
        }
    }
}
