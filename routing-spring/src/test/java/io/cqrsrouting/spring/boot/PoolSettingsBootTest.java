package io.cqrsrouting.spring.boot;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.spring.metrics.app.ObservedApp;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code cqrs.routing.pool.*} under HikariCP's own names, overridden per endpoint, reach the pools
 * the router builds (the real servers report the application name and session settings each pool
 * gave its connections), and every such pool has HikariCP's {@code hikaricp.*} meters under its
 * name {@code cqrs-<router>-<endpoint>}.
 */
@SpringBootTest(classes = ObservedApp.class)
class PoolSettingsBootTest {

    private static final String ROUTER = "pool-settings";

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.name", () -> ROUTER);
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.monitor.interval", () -> "100ms");
        // global, HikariCP names
        registry.add("cqrs.routing.pool.maximum-pool-size", () -> "3");
        registry.add("cqrs.routing.pool.minimum-idle", () -> "1");
        registry.add("cqrs.routing.pool.idle-timeout", () -> "30s");
        registry.add("cqrs.routing.pool.data-source-properties.ApplicationName", () -> "shop-app");
        // per endpoint
        registry.add("cqrs.routing.replicas[0].pool.maximum-pool-size", () -> "2");
        registry.add("cqrs.routing.replicas[0].pool.data-source-properties.ApplicationName",
                () -> "shop-reports");
        registry.add("cqrs.routing.primary.pool.connection-init-sql",
                () -> "set statement_timeout = 1234");
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry registry;

    private String session() {
        return jdbc.queryForObject("select current_setting('cluster_name') || ':'"
                + " || current_setting('application_name') || ':'"
                + " || current_setting('statement_timeout')", String.class);
    }

    @Test
    void globalSettingsApplyToEveryPoolAndEndpointSettingsWinForTheirEndpoint() {
        assertThat(Routing.command(this::session)).isEqualTo("primary:shop-app:1234ms");
        assertThat(Routing.query(this::session)).isEqualTo("standby1:shop-reports:0");
    }

    @Test
    void everyPoolHasHikariMetersUnderItsRouterAndEndpointName() {
        Routing.command(this::session);
        Routing.query(this::session);
        assertThat(gauge("hikaricp.connections.max", "cqrs-" + ROUTER + "-primary")).isEqualTo(3);
        assertThat(gauge("hikaricp.connections.max", "cqrs-" + ROUTER + "-replica-1")).isEqualTo(2);
        assertThat(gauge("hikaricp.connections.min", "cqrs-" + ROUTER + "-replica-1")).isEqualTo(1);
        assertThat(registry.get("hikaricp.connections.acquire").tag("pool", "cqrs-" + ROUTER
                + "-replica-1").timer().count()).isPositive();
    }

    private double gauge(String name, String pool) {
        return registry.get(name).tag("pool", pool).gauge().value();
    }
}
