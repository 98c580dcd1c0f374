package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingConfigurationException;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.dialect.Dialects;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the router from {@link CqrsRoutingProperties}, reporting every invalid setting by its
 * property name ({@code cqrs.routing.pool.max-size}, not the builder's {@code poolSize}).
 */
final class RoutingDataSourceFactory {

    static final String PREFIX = "cqrs.routing.";

    /** Builder setting names (as in RoutingConfigurationException.setting()) to property names. */
    private static final Map<String, String> PROPERTY_OF = Map.ofEntries(
            Map.entry("primary", "primary.url"),
            Map.entry("defaultRoute", "default-route"),
            Map.entry("maxStaleness", "max-staleness"),
            Map.entry("poolSize", "pool.maximum-pool-size"),
            Map.entry("connectionTimeout", "pool.connection-timeout"),
            Map.entry("failoverGroupListener", "failover-group-listener"),
            Map.entry("monitorInterval", "monitor.interval"),
            Map.entry("probeTimeout", "monitor.probe-timeout"),
            Map.entry("replicaSelection", "replica-selection"),
            Map.entry("whenNoReplica", "when-no-replica"),
            Map.entry("primaryReadShare", "primary-read-share"));

    static final int DEFAULT_POOL_SIZE = 10;

    private RoutingDataSourceFactory() {
    }

    /** The pool settings of endpoint {@code primary}, {@code replica-N} or {@code node-N}. */
    private static PoolProperties ownPool(CqrsRoutingProperties properties, String endpoint) {
        if (endpoint.equals("primary")) {
            return properties.getPrimary().getPool();
        }
        int index = index(endpoint);
        List<? extends EndpointProperties> list = endpoint.startsWith("node-")
                ? properties.getNodes() : properties.getReplicas();
        // a SQL Server replica derived from the primary URL has no properties of its own
        return index >= 0 && index < list.size() ? list.get(index).getPool() : null;
    }

    private static String ownPrefix(String endpoint) {
        if (endpoint.equals("primary")) {
            return "primary.pool.";
        }
        return (endpoint.startsWith("node-") ? "nodes[" : "replicas[") + index(endpoint)
                + "].pool.";
    }

    private static int index(String endpoint) {
        int dash = endpoint.lastIndexOf('-');
        try {
            return Integer.parseInt(endpoint.substring(dash + 1)) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static RoutingDataSource create(CqrsRoutingProperties properties,
            List<RoutingDataSourceBuilderCustomizer> customizers) {
        return create(properties, customizers, () -> null);
    }

    /**
     * @param bootPrimary the primary Boot supplies ({@code JdbcConnectionDetails},
     *     {@code spring.datasource.*}), used when {@code cqrs.routing.primary.url} is unset
     */
    static RoutingDataSource create(CqrsRoutingProperties properties,
            List<RoutingDataSourceBuilderCustomizer> customizers,
            Supplier<EndpointProperties> bootPrimary) {
        RoutingDataSourceBuilder builder = RoutingDataSource.builder();
        EndpointProperties primary = properties.getPrimary();
        if (properties.getNodes().isEmpty() && primary.getUrl() == null) {
            EndpointProperties supplied = bootPrimary.get();
            if (supplied != null) {
                primary = supplied;
            }
        }
        if (properties.getNodes().isEmpty() || primary.getUrl() != null) {
            if (primary.getUrl() == null || primary.getUrl().isBlank()) {
                throw new RoutingConfigurationException(PREFIX + "primary.url", "not set; the"
                        + " read-write primary is required (" + properties.getReplicas().size()
                        + " replica(s) configured). Set " + PREFIX + "primary.url (with "
                        + PREFIX + "primary.username and " + PREFIX + "primary.password), or"
                        + " spring.datasource.url, or list cluster nodes as " + PREFIX
                        + "nodes[n].url");
            }
            builder.primary(primary.getUrl(), primary.getUsername(), primary.getPassword());
        }
        for (ReplicaProperties replica : properties.getReplicas()) {
            builder.replica(replica.getUrl(), replica.getUsername(), replica.getPassword(),
                    replica.getWeight());
        }
        for (EndpointProperties node : properties.getNodes()) {
            builder.node(node.getUrl(), node.getUsername(), node.getPassword());
        }
        PoolProperties pool = properties.getPool();
        builder.endpointPoolCustomizer((endpoint, config) -> PoolSettings.apply(pool,
                ownPool(properties, endpoint), PREFIX + ownPrefix(endpoint), config));
        if (properties.getName() != null) {
            builder.name(properties.getName());
        }
        if (properties.getDialect() != null && !properties.getDialect().isBlank()) {
            builder.dialect(dialect(properties.getDialect()));
        }
        builder.defaultRoute(properties.getDefaultRoute())
                .maxStaleness(properties.getMaxStaleness())
                .replicaSelection(properties.getReplicaSelection())
                .primaryReadShare(properties.getPrimaryReadShare())
                .whenNoReplica(properties.getWhenNoReplica())
                .trackWrites(properties.isTrackWrites())
                .readsAfterWrite(properties.getReadsAfterWrite())
                .deriveReadOnlyReplica(properties.isDeriveReadOnlyReplica())
                .failoverGroupListener(properties.isFailoverGroupListener())
                .poolSize(pool.effectiveMaximumPoolSize() == null ? DEFAULT_POOL_SIZE
                        : pool.effectiveMaximumPoolSize())
                // null: the dialect's default (5 s, or 30 s for SQL Server)
                .connectionTimeout(pool.getConnectionTimeout())
                .monitor(properties.getMonitor().isEnabled())
                .monitorInterval(properties.getMonitor().getInterval())
                .probeTimeout(properties.getMonitor().getProbeTimeout());
        customizers.forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (RoutingConfigurationException e) {
            if ("poolSize".equals(e.setting()) && pool.getMaximumPoolSize() == null) {
                // named as the user wrote it: the deprecated max-size
                throw new RoutingConfigurationException(PREFIX + "pool.max-size",
                        e.getMessage().substring("poolSize: ".length()));
            }
            throw renamed(e);
        }
    }

    private static io.cqrsrouting.dialect.Dialect dialect(String name) {
        try {
            return Dialects.byName(name);
        } catch (IllegalArgumentException e) {
            throw new RoutingConfigurationException(PREFIX + "dialect", "unknown dialect '"
                    + name + "'; known: postgresql, sqlserver");
        }
    }

    /** The same failure, named by its property (the message never holds a password). */
    static RoutingConfigurationException renamed(RoutingConfigurationException e) {
        String setting = e.setting();
        if (setting == null || setting.startsWith(PREFIX)) {
            return e;
        }
        String property = PREFIX + PROPERTY_OF.getOrDefault(setting, setting);
        String message = e.getMessage();
        String reason = message.startsWith(setting + ": ")
                ? message.substring(setting.length() + 2) : message;
        RoutingConfigurationException renamed = new RoutingConfigurationException(property, reason);
        renamed.setStackTrace(e.getStackTrace());
        return renamed;
    }
}
