package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.ShardedDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of sharding: {@link ShardMetrics} of the application's sharded DataSource, and
 * {@link RecoveryMetrics} of the auto-configured {@code RecoveryManager} (a repair-step timer and a
 * differences gauge).
 */
@AutoConfiguration(after = ShardingAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public class ShardingMetricsAutoConfiguration {

    /**
     * @param registry the application's meter registry
     * @return the recovery meters, as a listener of the auto-configured {@code RecoveryManager}
     */
    @Bean
    @ConditionalOnBean(type = {"io.micrometer.core.instrument.MeterRegistry", "io.cqrsrouting.shard.ShardMapManager"})
    @ConditionalOnMissingBean
    public RecoveryMetrics cqrsShardRecoveryMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        return new RecoveryMetrics(registry);
    }

    /**
     * @param dataSource the sharded data source
     * @return the binder; Boot's actuator binds it to every registry
     */
    @Bean
    @ConditionalOnBean(ShardedDataSource.class)
    @ConditionalOnMissingBean
    public ShardMetrics shardMetrics(ShardedDataSource dataSource) {
        return new ShardMetrics(dataSource);
    }
}
