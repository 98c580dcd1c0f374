package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.TestServices.Nodes;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * {@code @EnableCqrsRouting(readOnlyTransactionsAsQuery = false)}, with the transaction advisor at
 * its default order: read-only transactions stay on the primary, explicit intent still routes.
 */
@SpringJUnitConfig(ReadOnlyTransactionSwitchTest.Config.class)
class ReadOnlyTransactionSwitchTest {

    @Configuration(proxyBeanMethods = false)
    @EnableCqrsRouting(readOnlyTransactionsAsQuery = false)
    @EnableTransactionManagement
    @Import(Nodes.class)
    static class Config {
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
            RoutingDataSource router = RoutingDataSource.builder().primary(primaryPool)
                    .replica(standbyPool).build();
            router.awaitMonitor(1, 10_000);
            return router;
        }

        @Bean
        DataSourceTransactionManager transactionManager(RoutingDataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(RoutingDataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }
    }

    @Autowired Nodes nodes;

    @Test
    void readOnlyTransactionStaysOnThePrimaryWhenSwitchedOff() {
        assertThat(nodes.readOnlyTransaction()).allSatisfy(s -> assertThat(s).startsWith(PRIMARY + ":"));
    }

    @Test
    void transactionalQueryStillOpensOnTheStandbyWithTheDefaultTransactionOrder() {
        assertThat(nodes.transactionalQuery()).allSatisfy(s -> assertThat(s).startsWith(STANDBY + ":"));
        assertThat(nodes.query()).isEqualTo(STANDBY);
        assertThat(nodes.command()).isEqualTo(PRIMARY);
    }
}
