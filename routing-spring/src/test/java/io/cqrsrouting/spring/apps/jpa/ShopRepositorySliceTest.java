package io.cqrsrouting.spring.apps.jpa;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @DataJpaTest} includes the router's auto-configuration: the slice's repositories run on
 * the router (a read on the standby), not on a plain pool Boot would build from
 * {@code spring.datasource.*}.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // each repository call routes itself
class ShopRepositorySliceTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.max-size", () -> "2");
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
    }

    @Autowired DataSource dataSource;
    @Autowired CustomerRepository customers;

    @Test
    void theSliceRunsOnTheRouter() throws Exception {
        assertThat(dataSource).isInstanceOf(RoutingDataSource.class);
        assertThat(((RoutingDataSource) dataSource).awaitMonitor(1, 10_000)).isTrue();
        assertThat(customers.servedBy()).isEqualTo("standby1");
    }
}
