package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingConfigurationException;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingDataSourceBuilder;
import io.cqrsrouting.dialect.Dialects;

import java.util.List;
import java.util.Map;

/**
 * Builds the router from {@link CqrsRoutingProperties}, reporting every invalid setting by its
 * property name ({@code cqrs.routing.pool.max-size}, not the builder's {@code poolSize}).
 */
final class RoutingDataSourceFactory {

    static final String PREFIX = "cqrs.routing.";

    /** Builder setting names (as in RoutingConfigurationException.setting()) to property names. */
    private static final Map<String, String> PROPERTY_OF = Map.of(
            "primary", "primary.url",
            "defaultRoute", "default-route",
            "maxStaleness", "max-staleness",
            "poolSize", "pool.max-size",
            "connectionTimeout", "pool.connection-timeout",
            "failoverGroupListener", "failover-group-listener",
            "monitorInterval", "monitor.interval",
            "probeTimeout", "monitor.probe-timeout",
            "replicaSelection", "replica-selection",
            "whenNoReplica", "when-no-replica");

    private RoutingDataSourceFactory() {
    }

    static RoutingDataSource create(CqrsRoutingProperties properties,
            List<RoutingDataSourceBuilderCustomizer> customizers) {
        CqrsRoutingProperties.Endpoint primary = properties.getPrimary();
        if (primary.getUrl() == null || primary.getUrl().isBlank()) {
            throw new RoutingConfigurationException(PREFIX + "primary.url", "not set; the"
                    + " read-write primary is required (" + properties.getReplicas().size()
                    + " replica(s) configured). Set " + PREFIX + "primary.url (with "
                    + PREFIX + "primary.username and " + PREFIX + "primary.password)");
        }
        RoutingDataSourceBuilder builder = RoutingDataSource.builder()
                .primary(primary.getUrl(), primary.getUsername(), primary.getPassword());
        for (CqrsRoutingProperties.Replica replica : properties.getReplicas()) {
            builder.replica(replica.getUrl(), replica.getUsername(), replica.getPassword(),
                    replica.getWeight());
        }
        if (properties.getName() != null) {
            builder.name(properties.getName());
        }
        if (properties.getDialect() != null && !properties.getDialect().isBlank()) {
            builder.dialect(dialect(properties.getDialect()));
        }
        builder.defaultRoute(properties.getDefaultRoute())
                .maxStaleness(properties.getMaxStaleness())
                .replicaSelection(properties.getReplicaSelection())
                .whenNoReplica(properties.getWhenNoReplica())
                .trackWrites(properties.isTrackWrites())
                .readsAfterWrite(properties.getReadsAfterWrite())
                .deriveReadOnlyReplica(properties.isDeriveReadOnlyReplica())
                .failoverGroupListener(properties.isFailoverGroupListener())
                .poolSize(properties.getPool().getMaxSize())
                .connectionTimeout(properties.getPool().getConnectionTimeout())
                .monitor(properties.getMonitor().isEnabled())
                .monitorInterval(properties.getMonitor().getInterval())
                .probeTimeout(properties.getMonitor().getProbeTimeout());
        customizers.forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (RoutingConfigurationException e) {
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
