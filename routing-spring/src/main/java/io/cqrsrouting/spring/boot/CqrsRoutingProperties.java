package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.NoReplicaPolicy;
import io.cqrsrouting.core.ReadsAfterWrite;
import io.cqrsrouting.core.ReplicaSelection;
import io.cqrsrouting.core.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of the auto-configured {@link io.cqrsrouting.core.RoutingDataSource}, under
 * {@code cqrs.routing}. With {@code cqrs.routing.primary.*} or {@code cqrs.routing.replicas[n].*}
 * present, the application's {@code DataSource} bean is the routing data source.
 *
 * <pre>
 * cqrs.routing.primary.url=jdbc:postgresql://db-primary:5432/app
 * cqrs.routing.primary.username=app
 * cqrs.routing.primary.password=${DB_PASSWORD}
 * cqrs.routing.replicas[0].url=jdbc:postgresql://db-standby:5432/app
 * cqrs.routing.replicas[0].username=app
 * cqrs.routing.replicas[0].password=${DB_PASSWORD}
 * cqrs.routing.max-staleness=5s
 * </pre>
 *
 * <p>{@link #toString()} masks passwords.
 */
@ConfigurationProperties(prefix = "cqrs.routing")
public class CqrsRoutingProperties {

    /** Whether cqrs-routing auto-configuration (advisor and routing DataSource) is enabled. */
    private boolean enabled = true;

    /**
     * Name of the database cluster. Consistency tokens are scoped by it, so every application
     * instance using the same cluster must use the same name. Derived from the primary URL if unset.
     */
    private String name;

    /** Database dialect, 'postgresql' or 'sqlserver'. Detected from the primary URL if unset. */
    private String dialect;

    /** The read-write primary (or failover-group / availability-group read-write listener). */
    @NestedConfigurationProperty
    private final EndpointProperties primary = new EndpointProperties();

    /** Read-only replicas (hot standbys, read scale-out or secondary listeners). */
    private List<ReplicaProperties> replicas = new ArrayList<>();

    /**
     * Cluster mode (self-managed PostgreSQL): the nodes, whose roles the monitor discovers; the
     * writable one takes commands and the router follows a promotion by itself. Not combined with
     * primary/replicas.
     */
    private List<EndpointProperties> nodes = new ArrayList<>();

    /** Where calls made outside any routing scope go. */
    private Route defaultRoute = Route.PRIMARY;

    /**
     * Most replica lag a replica read tolerates by default; a replica lagging more does not serve
     * it. No bound if unset. '@Query(maxStalenessMillis)' overrides it per method.
     */
    private Duration maxStaleness;

    /** How a replica read picks among several eligible replicas. */
    private ReplicaSelection replicaSelection = ReplicaSelection.ROUND_ROBIN;

    /**
     * Share of plain replica reads ('@Query') the primary takes, drawn at random per read: at
     * least 0 and less than 1. 0 sends none to the primary. Consistent reads and commands are not
     * affected.
     */
    private double primaryReadShare;

    /** What a replica read does when no replica is eligible: read from the primary, or fail. */
    private NoReplicaPolicy whenNoReplica = NoReplicaPolicy.FALLBACK_TO_PRIMARY;

    /**
     * Whether a method with '@Transactional(readOnly = true)' and no routing annotation counts as
     * '@Query' and runs on a replica.
     */
    private boolean readOnlyTransactionsAsQuery = true;

    /**
     * Whether writes committed on the primary through the router are noted, whatever started them,
     * so that read-your-writes reads can use a replica that has caught up (the log position is
     * resolved lazily, when a read or token export needs it).
     */
    private boolean trackWrites = true;

    /**
     * What plain reads (@Query, @Transactional(readOnly = true), Spring Data repository reads) see
     * in a session that has written: READ_YOUR_WRITES (its own writes: a replica that has caught
     * up, else the primary) or EVENTUAL (any replica within the staleness bound).
     */
    private ReadsAfterWrite readsAfterWrite = ReadsAfterWrite.READ_YOUR_WRITES;

    /**
     * Whether a SQL Server primary with no replica configured gets the read scale-out endpoint
     * derived from its URL (applicationIntent=ReadOnly).
     */
    private boolean deriveReadOnlyReplica = true;

    /**
     * Whether the SQL Server primary URL is an Azure failover group's read-write listener: the
     * derived replica is then the group's read-only listener (the geo-secondary) rather than the
     * same listener with applicationIntent=ReadOnly (a replica in the primary's region).
     */
    private boolean failoverGroupListener;

    /**
     * HikariCP settings of every pool the router builds (HikariCP's own names); an endpoint's
     * 'pool' settings override them for that endpoint.
     */
    @NestedConfigurationProperty
    private final PoolProperties pool = new PoolProperties();

    /** Background health and lag monitor. */
    @NestedConfigurationProperty
    private final MonitorProperties monitor = new MonitorProperties();

    /** Method-level retry of routed calls after transient failures. */
    @NestedConfigurationProperty
    private final RetryProperties retry = new RetryProperties();

    /** Routing of Spring Data repositories. */
    @NestedConfigurationProperty
    private final RepositoriesProperties repositories = new RepositoriesProperties();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDialect() {
        return dialect;
    }

    public void setDialect(String dialect) {
        this.dialect = dialect;
    }

    public EndpointProperties getPrimary() {
        return primary;
    }

    public List<ReplicaProperties> getReplicas() {
        return replicas;
    }

    public void setReplicas(List<ReplicaProperties> replicas) {
        this.replicas = replicas;
    }

    public List<EndpointProperties> getNodes() {
        return nodes;
    }

    public void setNodes(List<EndpointProperties> nodes) {
        this.nodes = nodes;
    }

    public Route getDefaultRoute() {
        return defaultRoute;
    }

    public void setDefaultRoute(Route defaultRoute) {
        this.defaultRoute = defaultRoute;
    }

    public Duration getMaxStaleness() {
        return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }

    public ReplicaSelection getReplicaSelection() {
        return replicaSelection;
    }

    public void setReplicaSelection(ReplicaSelection replicaSelection) {
        this.replicaSelection = replicaSelection;
    }

    public double getPrimaryReadShare() {
        return primaryReadShare;
    }

    public void setPrimaryReadShare(double primaryReadShare) {
        this.primaryReadShare = primaryReadShare;
    }

    public NoReplicaPolicy getWhenNoReplica() {
        return whenNoReplica;
    }

    public void setWhenNoReplica(NoReplicaPolicy whenNoReplica) {
        this.whenNoReplica = whenNoReplica;
    }

    public boolean isReadOnlyTransactionsAsQuery() {
        return readOnlyTransactionsAsQuery;
    }

    public void setReadOnlyTransactionsAsQuery(boolean readOnlyTransactionsAsQuery) {
        this.readOnlyTransactionsAsQuery = readOnlyTransactionsAsQuery;
    }

    public boolean isTrackWrites() {
        return trackWrites;
    }

    public void setTrackWrites(boolean trackWrites) {
        this.trackWrites = trackWrites;
    }

    public ReadsAfterWrite getReadsAfterWrite() {
        return readsAfterWrite;
    }

    public void setReadsAfterWrite(ReadsAfterWrite readsAfterWrite) {
        this.readsAfterWrite = readsAfterWrite;
    }

    public boolean isDeriveReadOnlyReplica() {
        return deriveReadOnlyReplica;
    }

    public void setDeriveReadOnlyReplica(boolean deriveReadOnlyReplica) {
        this.deriveReadOnlyReplica = deriveReadOnlyReplica;
    }

    public boolean isFailoverGroupListener() {
        return failoverGroupListener;
    }

    public void setFailoverGroupListener(boolean failoverGroupListener) {
        this.failoverGroupListener = failoverGroupListener;
    }

    public PoolProperties getPool() {
        return pool;
    }

    public MonitorProperties getMonitor() {
        return monitor;
    }

    public RepositoriesProperties getRepositories() {
        return repositories;
    }

    public RetryProperties getRetry() {
        return retry;
    }

    @Override
    public String toString() {
        return "CqrsRoutingProperties[name=" + name + ", dialect=" + dialect + ", primary="
                + primary + ", replicas=" + replicas + ", nodes=" + nodes + ", defaultRoute=" + defaultRoute
                + ", maxStaleness=" + maxStaleness + ", replicaSelection=" + replicaSelection
                + ", primaryReadShare=" + primaryReadShare
                + ", whenNoReplica=" + whenNoReplica + ", readOnlyTransactionsAsQuery="
                + readOnlyTransactionsAsQuery + ", trackWrites=" + trackWrites + ", readsAfterWrite=" + readsAfterWrite + ", pool=" + pool
                + ", monitor=" + monitor + ", retry=" + retry + "]";
    }
}
