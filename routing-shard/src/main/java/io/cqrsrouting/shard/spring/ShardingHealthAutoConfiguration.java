package io.cqrsrouting.shard.spring;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.shard.RecoveryManager;
import io.cqrsrouting.shard.ShardedDataSource;

import io.cqrsrouting.spring.health.DbHealthContributor;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Boot health for sharding, when the application has Boot's health support (Actuator):
 * <ul>
 * <li>{@code cqrsSharding} ({@link ShardingHealthIndicator}): every shard's status and the state of
 *     shard map recovery; off with {@code management.health.cqrs-sharding.enabled=false};</li>
 * <li>Boot's {@code db} check, for an application with a {@link ShardedDataSource}: one entry per
 *     {@code DataSource} bean name; the sharded data source reported per shard from its routers'
 *     monitors ({@code db/<bean>/<shard id>/...}) instead of Boot's validation query (which would
 *     need a shard key, and fail), a {@code RoutingDataSource} bean per endpoint
 *     ({@code db/<bean>/primary} ...), other {@code DataSource}s with Boot's check. This
 *     contributor replaces routing-spring's own {@code db} contributor (it runs first, and covers
 *     routers the same way).</li>
 * </ul>
 */
@AutoConfiguration(after = {ShardingAutoConfiguration.class, ShardingMetricsAutoConfiguration.class},
        beforeName = {"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
                "io.cqrsrouting.spring.boot.CqrsRoutingObservabilityAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class ShardingHealthAutoConfiguration {

    /**
     * @return the {@code cqrsSharding} indicator over every sharded data source, the recovery
     *     manager's pending repairs and what recovery last found
     */
    @Bean
    @ConditionalOnEnabledHealthIndicator("cqrs-sharding")
    @ConditionalOnMissingBean(name = "cqrsShardingHealthIndicator")
    public HealthIndicator cqrsShardingHealthIndicator(ListableBeanFactory beans,
            ObjectProvider<RecoveryManager> recovery, ObjectProvider<RecoveryStatus> status) {
        return new ShardingHealthIndicator(() -> beans.getBeansOfType(ShardedDataSource.class),
                recovery.getIfUnique(), status.getIfUnique());
    }

    /**
     * @return Boot's {@code db} check when routing-spring is present: one entry per {@code DataSource}
     *     bean, by bean name. A {@link ShardedDataSource} is reported per shard
     *     ({@code db/<bean>/<shard id>/writes|primary|replica-N}, {@link ShardedHealthContributor}), a
     *     {@code RoutingDataSource} per endpoint ({@code db/<bean>/writes|primary|replica-N}), both from
     *     their monitors, without a query; other {@code DataSource}s keep Boot's validation query
     */
    @Bean
    @ConditionalOnClass(name = {"org.springframework.boot.jdbc.health.DataSourceHealthIndicator",
            "io.cqrsrouting.spring.health.DbHealthContributor"})
    @ConditionalOnBean(ShardedDataSource.class)
    @ConditionalOnEnabledHealthIndicator("db")
    @ConditionalOnMissingBean(name = {"dbHealthIndicator", "dbHealthContributor"})
    public CompositeHealthContributor dbHealthContributor(ListableBeanFactory beans) {
        return RoutedDbHealth.contributor(beans);
    }

    /**
     * @return Boot's {@code db} check without routing-spring: a sharded data source is one entry
     *     ({@code db/<bean>}) with every shard in its details, from the shards' monitors
     */
    @Bean("dbHealthContributor")
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.health.DataSourceHealthIndicator")
    @ConditionalOnMissingClass("io.cqrsrouting.spring.health.DbHealthContributor")
    @ConditionalOnBean(ShardedDataSource.class)
    @ConditionalOnEnabledHealthIndicator("db")
    @ConditionalOnMissingBean(name = {"dbHealthIndicator", "dbHealthContributor"})
    public CompositeHealthContributor plainDbHealthContributor(ListableBeanFactory beans) {
        Map<String, HealthContributor> children = new LinkedHashMap<>();
        beans.getBeansOfType(DataSource.class).forEach((name, ds) -> children.put(name,
                ds instanceof ShardedDataSource sharded ? (HealthIndicator) () -> ShardingHealthIndicator.of(sharded)
                        : new DataSourceHealthIndicator(ds)));
        return CompositeHealthContributor.fromMap(children);
    }

    /** Kept apart so that this class loads without routing-spring. */
    static final class RoutedDbHealth {

        private RoutedDbHealth() {
        }

        static CompositeHealthContributor contributor(ListableBeanFactory beans) {
            return new DbHealthContributor(() -> beans.getBeansOfType(DataSource.class), RoutedDbHealth::router,
                    ds -> ds instanceof ShardedDataSource sharded ? new ShardedHealthContributor(sharded)
                            : new DataSourceHealthIndicator(ds));
        }

        static RoutingDataSource router(DataSource ds) {
            if (ds instanceof RoutingDataSource r) {
                return r;
            }
            try {
                return ds.isWrapperFor(RoutingDataSource.class) ? ds.unwrap(RoutingDataSource.class) : null;
            } catch (SQLException | RuntimeException e) {
                return null;
            }
        }
    }
}
