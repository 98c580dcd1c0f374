package io.cqrsrouting.benchmark.overhead;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.spring.EnableCqrsRouting;
import io.cqrsrouting.spring.metrics.CqrsRoutingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * {@code cqrsRoutingObserved}: {@code cqrsRouting} with the Micrometer meters bound, as a Spring Boot
 * app with Actuator has them. Binding adds a listener to the router, so every
 * {@code getConnection()} also runs the per-call listener hook; the registry is never scraped during
 * the measurement.
 */
@Configuration(proxyBeanMethods = false)
@EnableCqrsRouting
@EnableTransactionManagement(proxyTargetClass = true)
public class CqrsRoutingObservedMode {

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean(destroyMethod = "close")
    RoutingDataSource dataSource(StubPools pools) {
        RoutingDataSource router = RoutingDataSource.builder()
                .primary(pools.primary())
                .replica(pools.replica())
                .dialect(Dialects.postgresql())
                .name("stub-observed")
                .build();
        new CqrsRoutingMetrics(router).bindTo(new SimpleMeterRegistry());
        return router;
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
