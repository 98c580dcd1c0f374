package io.cqrsrouting.spring.boot;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.util.UtilityElf;
import io.cqrsrouting.core.RoutingConfigurationException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Puts {@link PoolProperties} onto a pool's {@link HikariConfig}: for each setting the endpoint's
 * own value ({@code cqrs.routing.replicas[0].pool.*}) if set, else the global one
 * ({@code cqrs.routing.pool.*}). A value HikariCP refuses fails with the property's name.
 */
final class PoolSettings {

    private final PoolProperties global;
    private final String globalPrefix;
    private final PoolProperties own;
    private final String ownPrefix;
    private final HikariConfig config;

    private PoolSettings(PoolProperties global, PoolProperties own, String ownPrefix,
            HikariConfig config) {
        this.global = global;
        this.globalPrefix = RoutingDataSourceFactory.PREFIX + "pool.";
        this.own = own;
        this.ownPrefix = ownPrefix;
        this.config = config;
    }

    /**
     * @param global {@code cqrs.routing.pool}
     * @param own the endpoint's {@code pool}, or null
     * @param ownPrefix the endpoint's property prefix, e.g. {@code cqrs.routing.replicas[0].pool.}
     * @param config the pool configuration to fill
     */
    static void apply(PoolProperties global, PoolProperties own, String ownPrefix,
            HikariConfig config) {
        new PoolSettings(global, own, ownPrefix, config).apply();
    }

    private void apply() {
        set("maximum-pool-size", PoolProperties::effectiveMaximumPoolSize,
                config::setMaximumPoolSize);
        set("minimum-idle", PoolProperties::getMinimumIdle, config::setMinimumIdle);
        millis("connection-timeout", PoolProperties::getConnectionTimeout,
                config::setConnectionTimeout);
        millis("idle-timeout", PoolProperties::getIdleTimeout, config::setIdleTimeout);
        millis("max-lifetime", PoolProperties::getMaxLifetime, config::setMaxLifetime);
        millis("keepalive-time", PoolProperties::getKeepaliveTime, config::setKeepaliveTime);
        millis("validation-timeout", PoolProperties::getValidationTimeout,
                config::setValidationTimeout);
        millis("leak-detection-threshold", PoolProperties::getLeakDetectionThreshold,
                config::setLeakDetectionThreshold);
        set("connection-init-sql", PoolProperties::getConnectionInitSql,
                config::setConnectionInitSql);
        set("connection-test-query", PoolProperties::getConnectionTestQuery,
                config::setConnectionTestQuery);
        set("auto-commit", PoolProperties::getAutoCommit, config::setAutoCommit);
        set("transaction-isolation", PoolProperties::getTransactionIsolation, level -> {
            UtilityElf.getTransactionIsolation(level); // HikariCP would refuse it only later
            config.setTransactionIsolation(level);
        });
        set("schema", PoolProperties::getSchema, config::setSchema);
        set("catalog", PoolProperties::getCatalog, config::setCatalog);
        set("driver-class-name", PoolProperties::getDriverClassName,
                config::setDriverClassName);
        set("register-mbeans", PoolProperties::getRegisterMbeans, config::setRegisterMbeans);
        Map<String, String> properties = new LinkedHashMap<>(global.getDataSourceProperties());
        if (own != null) {
            properties.putAll(own.getDataSourceProperties());
        }
        properties.forEach(config::addDataSourceProperty);
    }

    private void millis(String name, Function<PoolProperties, Duration> getter,
            Consumer<Long> setter) {
        set(name, getter, d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            setter.accept(d.toMillis());
        });
    }

    private <T> void set(String name, Function<PoolProperties, T> getter, Consumer<T> setter) {
        T value = own != null ? getter.apply(own) : null;
        String property = ownPrefix + name;
        if (value == null) {
            value = getter.apply(global);
            property = globalPrefix + name;
        }
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RoutingConfigurationException(property,
                    "invalid value " + value + ": " + e.getMessage());
        }
    }
}
