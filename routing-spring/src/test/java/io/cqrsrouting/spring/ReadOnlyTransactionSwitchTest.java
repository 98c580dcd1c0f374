package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.TestServices.Nodes;

import com.zaxxer.hikari.HikariDataSource;

import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

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

        /** Declared as a plain DataSource: the advisor still finds the router behind it. */
        @Bean(destroyMethod = "close")
        DataSource dataSource(HikariDataSource primaryPool, HikariDataSource standbyPool)
                throws InterruptedException {
            RoutingDataSource router = RoutingDataSource.builder().primary(primaryPool)
                    .replica(standbyPool).build();
            return ReplicaSetSupport.monitored(router, 1);
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }
    }

    @Autowired Nodes nodes;
    @Autowired DataSourceTransactionManager transactionManager;

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

    @Test
    void commandInsideProgrammaticTransactionOnTheReplicaFailsNamingTheMethod() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        int before = nodes.commandBodies();

        assertThatThrownBy(() -> Routing.query(() -> tx.execute(status -> nodes.command())))
                .isInstanceOf(RouteConflictException.class)
                .hasMessageContaining("Nodes.command");
        assertThat(nodes.commandBodies()).isEqualTo(before);
        assertThat(Routing.currentRoute()).isNull();
    }
}
