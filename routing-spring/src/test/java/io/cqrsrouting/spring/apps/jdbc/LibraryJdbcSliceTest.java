package io.cqrsrouting.spring.apps.jdbc;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** {@code @JdbcTest} includes the router's auto-configuration. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class LibraryJdbcSliceTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.max-size", () -> "2");
    }

    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;

    @Test
    void theSliceRunsOnTheRouter() throws Exception {
        assertThat(dataSource).isInstanceOf(RoutingDataSource.class);
        assertThat(((RoutingDataSource) dataSource).awaitMonitor(1, 10_000)).isTrue();
        assertThat(Routing.query(() -> jdbc.queryForObject("select current_setting('cluster_name')",
                String.class))).isEqualTo("standby1");
    }
}
