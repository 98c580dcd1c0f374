package io.cqrsrouting.benchmark.overhead;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.spring.EnableCqrsRouting;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * {@code cqrsRoutingNoMonitor}: {@code cqrsRouting} with the health and lag monitor off
 * ({@code monitor(false)}), to show what the background probing costs the calls (with the monitor
 * on, its threads probe each stub endpoint every 250 ms and share the CPU with the benchmark).
 */
@Configuration(proxyBeanMethods = false)
@EnableCqrsRouting
@EnableTransactionManagement(proxyTargetClass = true)
public class CqrsRoutingNoMonitorMode {

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean(destroyMethod = "close")
    RoutingDataSource dataSource(StubPools pools) {
        return RoutingDataSource.builder()
                .primary(pools.primary())
                .replica(pools.replica())
                .dialect(Dialects.postgresql())
                .name("stub-no-monitor")
                .monitor(false)
                .build();
    }

    @Bean
    PlatformTransactionManager transactionManager(RoutingDataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(RoutingDataSource dataSource) {
        return new CqrsRoutingMode.Service(dataSource);
    }
}
