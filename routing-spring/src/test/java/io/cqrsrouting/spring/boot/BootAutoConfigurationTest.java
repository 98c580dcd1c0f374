package io.cqrsrouting.spring.boot;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.RoutingAdvisor;
import io.cqrsrouting.spring.RoutingTaskDecorator;
import io.cqrsrouting.spring.boot.app.BootTestApp;
import io.cqrsrouting.spring.boot.app.OrderService;

import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A Boot application with only {@code cqrs.routing.*} properties and no {@code @EnableCqrsRouting}:
 * Boot's own JdbcTemplate, transaction manager and task executor route through the router.
 */
@SpringBootTest(classes = BootTestApp.class)
class BootAutoConfigurationTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.max-size", () -> "4");
    }

    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbcTemplate;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired CqrsRoutingProperties properties;
    @Autowired RoutingAdvisor advisor;
    @Autowired List<RoutingTaskDecorator> decorators;
    @Autowired OrderService orders;

    @AfterEach
    void noScopeLeftBehind() {
        assertThat(Routing.currentRoute()).isNull();
    }

    @Test
    void autoConfiguredDataSourceIsTheRouterAndBootsJdbcBeansUseIt() throws Exception {
        assertThat(dataSource).isInstanceOf(RoutingDataSource.class);
        assertThat(jdbcTemplate.getDataSource()).isSameAs(dataSource);
        assertThat(transactionManager).isInstanceOf(DataSourceTransactionManager.class);
        assertThat(((DataSourceTransactionManager) transactionManager).getDataSource())
                .isSameAs(dataSource);
        assertThat(advisor.isReadOnlyTransactionsAsQuery()).isTrue();
        assertThat(decorators).hasSize(1);
        assertThat(((RoutingDataSource) dataSource).awaitMonitor(1, 10_000)).isTrue();
    }

    @Test
    void queryRunsOnTheStandbyAndCommandOnThePrimary() {
        assertThat(orders.recentOrders()).isEqualTo(STANDBY);
        assertThat(orders.placeOrder()).isEqualTo(PRIMARY);
        assertThat(orders.unannotated()).isEqualTo(PRIMARY);
    }

    @Test
    void bootTransactionManagerOpensTransactionalQueryOnTheStandby() {
        List<String> statements = orders.report();

        assertThat(statements).allSatisfy(s -> assertThat(s).startsWith(STANDBY + ":"));
        assertThat(statements).containsOnly(statements.get(0));
        assertThat(orders.readOnlyReport()).allSatisfy(s -> assertThat(s).startsWith(STANDBY + ":"));
        assertThat(orders.transactionalCommand()).allSatisfy(s -> assertThat(s).startsWith(PRIMARY + ":"));
    }

    @Test
    void asyncMethodOnBootsTaskExecutorGetsTheCallersQuery() {
        assertThat(orders.asyncInsideQuery()).isEqualTo(STANDBY);
    }

    @Test
    void passwordsAppearNeitherInThePropertiesNorInTheDataSource() {
        assertThat(properties.getPrimary().getPassword()).isEqualTo(db().password());
        assertThat(properties.toString()).doesNotContain(db().password()).contains("******");
        assertThat(dataSource.toString()).doesNotContain(db().password());
    }
}
