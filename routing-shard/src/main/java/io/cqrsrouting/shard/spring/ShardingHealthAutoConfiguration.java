package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.RecoveryManager;
import io.cqrsrouting.shard.ShardedDataSource;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
 * <li>Boot's {@code db} check, for an application with a {@link ShardedDataSource}: the sharded data
 *     source reported per shard from its routers' monitors, instead of Boot's validation query
 *     (which would need a shard key, and fail); other {@code DataSource}s keep Boot's check.</li>
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
     * @return Boot's {@code db} check with sharded data sources reported from their shards' monitors
     *     (other DataSources keep Boot's validation query)
     */
    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.health.DataSourceHealthIndicator")
    @ConditionalOnBean(ShardedDataSource.class)
    @ConditionalOnEnabledHealthIndicator("db")
    @ConditionalOnMissingBean(name = {"dbHealthIndicator", "dbHealthContributor"})
    public CompositeHealthContributor dbHealthContributor(ListableBeanFactory beans) {
        Map<String, HealthContributor> children = new LinkedHashMap<>();
        beans.getBeansOfType(DataSource.class).forEach((name, ds) -> children.put(name, contributor(ds)));
        return CompositeHealthContributor.fromMap(children);
    }

    private static HealthContributor contributor(DataSource ds) {
        if (ds instanceof ShardedDataSource sharded) {
            return (HealthIndicator) () -> ShardingHealthIndicator.of(sharded);
        }
        return new DataSourceHealthIndicator(ds);
    }
}
