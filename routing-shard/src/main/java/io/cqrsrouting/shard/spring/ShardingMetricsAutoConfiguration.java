package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.ShardedDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters ({@link ShardMetrics}) of the application's sharded DataSource. */
@AutoConfiguration(after = ShardingAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(ShardedDataSource.class)
public class ShardingMetricsAutoConfiguration {

    /**
     * @param dataSource the sharded data source
     * @return the binder; Boot's actuator binds it to every registry
     */
    @Bean
    @ConditionalOnMissingBean
    public ShardMetrics shardMetrics(ShardedDataSource dataSource) {
        return new ShardMetrics(dataSource);
    }
}
