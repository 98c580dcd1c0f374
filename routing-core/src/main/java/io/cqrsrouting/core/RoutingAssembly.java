package io.cqrsrouting.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.EndpointSpec.Credentials;
import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.PoolNames;
import io.cqrsrouting.core.internal.Urls;
import io.cqrsrouting.dialect.Dialect;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.dialect.SqlServerDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * What {@link RoutingDataSourceBuilder#build()} does: validates the settings (each failure names
 * its setting), derives the SQL Server read-only endpoint where asked, builds the pools and the
 * router. Kept apart so that the builder is only its documented settings.
 */
final class RoutingAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSourceBuilder.class);
    /** Pool wait for SQL Server endpoints: Azure asks for connect timeouts of 30 s or more. */
    static final Duration SQL_SERVER_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final BuilderState b;
    private Duration effectiveConnectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

    RoutingAssembly(BuilderState builder) {
        this.b = builder;
    }

    RoutingDataSource build() {
        boolean cluster = !b.nodes.isEmpty();
        List<EndpointSpec> given = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        if (cluster) {
            if (b.primary != null || !b.replicas.isEmpty()) {
                throw new RoutingConfigurationException("nodes",
                        "cluster mode (node(...)) cannot be combined with primary(...)/replica(...)");
            }
            if (!b.monitor) {
                throw new RoutingConfigurationException("monitor",
                        "cluster mode needs the monitor to discover the primary; was disabled");
            }
            for (int i = 0; i < b.nodes.size(); i++) {
                given.add(b.nodes.get(i));
                settings.add("nodes[" + i + "]");
            }
        } else {
            if (b.primary == null) {
                throw new RoutingConfigurationException("primary",
                        "not set; give the read-write primary with primary(url, user, password)"
                                + " or primary(dataSource)");
            }
            given.add(b.primary);
            settings.add("primary");
            for (int i = 0; i < b.replicas.size(); i++) {
                given.add(b.replicas.get(i));
                settings.add("replicas[" + i + "]");
            }
        }
        validateEndpoints(given, settings);
        validateCommon();
        EndpointSpec first = given.get(0);
        Dialect effectiveDialect = b.dialect != null ? b.dialect
                : first.url != null ? Dialects.forUrl(first.url) : null;
        effectiveConnectionTimeout = b.connectionTimeout != null ? b.connectionTimeout
                : effectiveDialect instanceof SqlServerDialect
                        ? SQL_SERVER_CONNECTION_TIMEOUT
                : DEFAULT_CONNECTION_TIMEOUT;
        // In cluster mode every node is in the replicas array (the writer is one of them).
        List<EndpointSpec> replicaSpecs = cluster ? new ArrayList<>(b.nodes)
                : readReplicas(effectiveDialect);
        List<Endpoint> built = new ArrayList<>();
        try {
            Endpoint p = cluster ? null : b.primary.build("primary", true, this::pool);
            if (p != null) {
                built.add(p);
            }
            Endpoint[] r = new Endpoint[replicaSpecs.size()];
            int[] weights = new int[r.length];
            boolean check = !cluster && (b.checkServingConnection != null ? b.checkServingConnection
                    : effectiveDialect instanceof SqlServerDialect);
            for (int i = 0; i < r.length; i++) {
                r[i] = replicaSpecs.get(i).build((cluster ? "node-" : "replica-") + (i + 1),
                        false, this::pool);
                built.add(r[i]);
                r[i].checkServingConnection(check);
                weights[i] = replicaSpecs.get(i).weight;
            }
            RouterSettings routerSettings = RouterSettings.builder()
                    .clusterName(routerName()).dialect(effectiveDialect).defaultRoute(b.defaultRoute)
                    .maxStalenessMillis(b.maxStaleness == null ? -1 : b.maxStaleness.toMillis())
                    .selection(b.selection).noReplicaPolicy(b.noReplicaPolicy)
                    .trackWrites(b.trackWrites).readsAfterWrite(b.readsAfterWrite)
                    .monitor(b.monitor).monitorInterval(b.monitorInterval).probeTimeout(b.probeTimeout)
                    .replicaCredentials(replicaSpecs.stream().map(EndpointSpec::credentials)
                            .toArray(Credentials[]::new))
                    .primaryCredentials(cluster ? null : b.primary.credentials())
                    .tokenSigningKey(b.tokenSigningKey).clusterMode(cluster)
                    .maxReadYourWritesWaitMillis(b.maxReadYourWritesWait.toMillis())
                    .acceptedTokenKeys(b.acceptedTokenKeys).primaryReadShare(b.primaryReadShare)
                    .build();
            return new RoutingDataSource(routerSettings, cluster ? r[0] : p, r, weights,
                    RoutingListeners.of(b.listeners));
        } catch (RuntimeException e) {
            built.forEach(Endpoint::close);
            throw e;
        }
    }

    /** The replicas given, or the one derived from a SQL Server primary URL. */
    private List<EndpointSpec> readReplicas(Dialect effectiveDialect) {
        List<EndpointSpec> replicaSpecs = new ArrayList<>(b.replicas);
        if (replicaSpecs.isEmpty() && b.deriveReadOnlyReplica && b.primary.url != null
                && effectiveDialect != null) {
            String ro = derivedReadOnlyUrl(effectiveDialect);
            if (ro != null) {
                replicaSpecs.add(EndpointSpec.of(ro, b.primary.username, b.primary.password, 1));
            }
        } else if (b.failoverGroupListener) {
            LOG.warn("cqrs-routing: failoverGroupListener is set but replicas are given (or"
                    + " deriveReadOnlyReplica is off): the setting has no effect");
        }
        if (effectiveDialect instanceof SqlServerDialect) {
            for (EndpointSpec spec : replicaSpecs) {
                warnIfNoDatabase((SqlServerDialect) effectiveDialect, spec.url);
            }
        }
        return replicaSpecs;
    }

    private String derivedReadOnlyUrl(Dialect effectiveDialect) {
        try {
            if (b.failoverGroupListener) {
                if (!(effectiveDialect instanceof SqlServerDialect)) {
                    throw new RoutingConfigurationException("failoverGroupListener",
                            "applies to SQL Server URLs only; the primary is "
                                    + Urls.mask(b.primary.url));
                }
                String ro = ((SqlServerDialect) effectiveDialect)
                        .failoverGroupReadOnlyUrl(b.primary.url);
                if (ro == null) {
                    throw new RoutingConfigurationException("failoverGroupListener",
                            "the primary URL " + Urls.mask(b.primary.url) + " is not a failover-group"
                                    + " listener (<fog>.database.windows.net, or"
                                    + " <fog>.<dns-zone>.database.windows.net for Managed Instance)");
                }
                return ro;
            }
            return effectiveDialect.readOnlyUrl(b.primary.url);
        } catch (RoutingConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException unparsable) {
            throw new RoutingConfigurationException("primary.url", "the driver would reject it ("
                    + unparsable.getMessage() + "): " + Urls.mask(b.primary.url));
        }
    }

    private static void warnIfNoDatabase(SqlServerDialect dialect, String url) {
        String warning = url == null ? null : dialect.readOnlyRoutingWarning(url);
        if (warning != null) {
            LOG.warn("cqrs-routing: {}", warning);
        }
    }

    /** Each endpoint valid, and none given twice (same DataSource, or same URL). */
    private static void validateEndpoints(List<EndpointSpec> given, List<String> settings) {
        IdentityHashMap<DataSource, String> seenSources = new IdentityHashMap<>();
        List<String> seenUrls = new ArrayList<>();
        List<String> urlSettings = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            EndpointSpec spec = given.get(i);
            String setting = settings.get(i);
            spec.validate(setting);
            if (spec.dataSource != null) {
                String other = seenSources.put(spec.dataSource, setting);
                if (other != null) {
                    throw new RoutingConfigurationException(setting,
                            "the same DataSource is already configured as " + other);
                }
            } else {
                String normalized = spec.url.trim().toLowerCase(java.util.Locale.ROOT);
                int at = seenUrls.indexOf(normalized);
                if (at >= 0) {
                    throw new RoutingConfigurationException(setting, "duplicate endpoint "
                            + Urls.mask(spec.url) + " (already configured as "
                            + urlSettings.get(at) + ")");
                }
                seenUrls.add(normalized);
                urlSettings.add(setting);
            }
        }
    }

    private void validateCommon() {
        if (b.defaultRoute == null) {
            throw new RoutingConfigurationException("defaultRoute", "must be PRIMARY or REPLICA");
        }
        if (b.maxStaleness != null && b.maxStaleness.isNegative()) {
            throw new RoutingConfigurationException("maxStaleness",
                    "must not be negative; was " + b.maxStaleness);
        }
        if (b.poolSize < 1) {
            throw new RoutingConfigurationException("poolSize", "must be 1 or more; was " + b.poolSize);
        }
        if (b.connectionTimeout != null) {
            positive("connectionTimeout", b.connectionTimeout);
            if (b.connectionTimeout.toMillis() < 250) {
                throw new RoutingConfigurationException("connectionTimeout",
                        "must be at least 250 ms (HikariCP's minimum); was " + b.connectionTimeout);
            }
        }
        if (!(b.primaryReadShare >= 0 && b.primaryReadShare < 1)) {
            throw new RoutingConfigurationException("primaryReadShare",
                    "must be at least 0 and less than 1; was " + b.primaryReadShare);
        }
        positive("monitorInterval", b.monitorInterval);
        positive("probeTimeout", b.probeTimeout);
        if (b.maxReadYourWritesWait == null || b.maxReadYourWritesWait.isNegative()) {
            throw new RoutingConfigurationException("maxReadYourWritesWait",
                    "must be zero or positive; was " + b.maxReadYourWritesWait);
        }
    }

    private static void positive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new RoutingConfigurationException(setting, "must be positive; was " + value);
        }
    }

    HikariDataSource pool(String endpointName, String url, String username, String password) {
        String poolName = PoolNames.reserve(PoolNames.label(routerName()), endpointName);
        try {
            HikariConfig config = new HikariConfig();
            config.setPoolName(poolName);
            config.setJdbcUrl(url);
            config.setUsername(username);
            config.setPassword(password);
            config.setMaximumPoolSize(b.poolSize);
            config.setConnectionTimeout(effectiveConnectionTimeout.toMillis());
            // Start even when the endpoint is down: a replica (or the primary) may come back
            // later, and the monitor reports it meanwhile.
            config.setInitializationFailTimeout(-1);
            for (BiConsumer<String, HikariConfig> customizer : b.poolCustomizers) {
                customizer.accept(endpointName, config);
            }
            HikariDataSource pool = new HikariDataSource(config);
            PoolNames.register(poolName, pool);
            return pool;
        } catch (RuntimeException e) {
            PoolNames.release(poolName);
            throw e;
        }
    }

    /** The router's name as build() computes it, also before the endpoints exist. */
    private String routerName() {
        EndpointSpec first = b.primary != null ? b.primary : b.nodes.isEmpty() ? null : b.nodes.get(0);
        return b.name != null ? b.name
                : first != null && first.url != null ? Urls.mask(first.url) : "default";
    }
}
