package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingDataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * The plain-Spring application most tests share: {@code @EnableCqrsRouting}, a router over two
 * HikariCP pools, {@code DataSourceTransactionManager}, {@code JdbcTemplate}, {@code @Async} with
 * the routing task decorator, and the transaction advisor deliberately asking to run first
 * ({@code order = HIGHEST_PRECEDENCE}).
 */
@Configuration(proxyBeanMethods = false)
@EnableCqrsRouting
@EnableTransactionManagement(order = Ordered.HIGHEST_PRECEDENCE)
@EnableAsync
@Import({TestServices.Nodes.class, TestServices.Outer.class, TestServices.QueryByDefault.class,
        TestServices.ReportRepositoryImpl.class, TestServices.AsyncNodes.class})
public class RoutingTestConfig {

    @Bean(destroyMethod = "close")
    HikariDataSource primaryPool() {
        return ReplicaSetSupport.primaryPool();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource standbyPool() {
        return ReplicaSetSupport.standbyPool();
    }

    @Bean(destroyMethod = "close")
    RoutingDataSource dataSource(HikariDataSource primaryPool, HikariDataSource standbyPool)
            throws InterruptedException {
        RoutingDataSource router = RoutingDataSource.builder()
                .name("spring-test")
                .primary(primaryPool)
                .replica(standbyPool)
                .build();
        return ReplicaSetSupport.monitored(router, 1);
    }

    @Bean
    DataSourceTransactionManager transactionManager(RoutingDataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(RoutingDataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    ThreadPoolTaskExecutor taskExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setThreadNamePrefix("async-");
        executor.setTaskDecorator(new RoutingTaskDecorator());
        return executor;
    }
}
