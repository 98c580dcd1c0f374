package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A Boot app with both a {@link ShardedDataSource} ({@code orders}) and a plain
 * {@link RoutingDataSource} ({@code reporting}) as beans: Boot's {@code db} check has one entry
 * per bean name, the sharded one per shard id and, inside, per endpoint
 * ({@code db/orders/<shard id>/primary}), the router per endpoint ({@code db/reporting/primary}).
 * Stopping one shard's only server turns that shard's entry DOWN and leaves the other shard and
 * the router UP; no health check takes a connection through the sharded data source.
 */
class ShardedAndRoutedDbHealthBootTest {

    static PostgresReplicaSet lone; // a shard of its own, stopped by the test
    static ConfigurableApplicationContext app;
    static HealthEndpoint health;
    static String mapName;
    static String loneShard;
    static String sharedShard;

    @SpringBootApplication(proxyBeanMethods = false)
    static class App {

        @Bean(destroyMethod = "close")
        @Primary
        ShardedDataSource orders(ShardMapManager manager) {
            return ShardedDataSource.builder().manager(manager).map(mapName)
                    .routerCustomizer(b -> b.poolSize(1).monitorInterval(Duration.ofMillis(100))).build();
        }

        @Bean(destroyMethod = "close")
        RoutingDataSource reporting() {
            String db = B.createDatabase("health_reporting");
            return RoutingDataSource.builder().name("reporting")
                    .primary(B.primaryJdbcUrl(db), B.username(), B.password())
                    .replica(B.standbyJdbcUrl(0, db), B.username(), B.password())
                    .poolSize(1).monitorInterval(Duration.ofMillis(100)).build();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        lone = PostgresReplicaSet.start(0);
        lone.createDatabase("lone");
        DataSource gsm = ShardTestbed.newGsm();
        String gsmUrl;
        try (var c = gsm.getConnection()) {
            gsmUrl = c.getMetaData().getURL();
        }
        mapName = ShardTestbed.uniqueName("health_orders");
        try (ShardMapManager setup = ShardTestbed.manager(gsm)) {
            RangeShardMap<Long> map = setup.createRangeShardMap(mapName, Long.class);
            Shard s1 = map.createShard(ShardLocation.of(lone.primaryJdbcUrl("lone")));
            Shard s2 = map.createShard(ShardTestbed.location(A, ShardTestbed.newDatabase(A, "healthorders")));
            map.createRangeMapping(Range.of(0L, 1000L), s1);
            map.createRangeMapping(Range.from(1000L), s2);
            loneShard = s1.id().toString();
            sharedShard = s2.id().toString();
        }
        Map<String, Object> props = new HashMap<>();
        props.put("cqrs.routing.sharding.global-map.url", gsmUrl);
        props.put("cqrs.routing.sharding.global-map.username", A.username());
        props.put("cqrs.routing.sharding.global-map.password", A.password());
        props.put("management.endpoint.health.show-details", "always");
        props.put("spring.main.banner-mode", "off");
        app = new SpringApplicationBuilder(App.class).properties(props).run();
        health = app.getBean(HealthEndpoint.class);
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (lone != null) {
                lone.close();
            }
        }
    }

    static HealthDescriptor at(String... path) {
        return health.healthForPath(path);
    }

    static Map<String, HealthDescriptor> children(String... path) {
        return ((CompositeHealthDescriptor) at(path)).getComponents();
    }

    static Status status(String... path) {
        return at(path).getStatus();
    }

    @Test
    void bothDataSourcesAppearByBeanNameWithPerShardAndPerEndpointEntriesAndADownShardIsDownAlone()
            throws Exception {
        ShardedDataSource orders = app.getBean(ShardedDataSource.class);
        for (Shard s : orders.shards()) {
            assertThat(orders.router(s).awaitMonitor(2, 10_000)).as("first probes of shard " + s.id()).isTrue();
        }
        assertThat(app.getBean("reporting", RoutingDataSource.class).awaitMonitor(2, 10_000)).isTrue();
        long validations = orders.stats().validations();

        assertThat(children("db").keySet()).containsExactlyInAnyOrder("orders", "reporting");
        assertThat(children("db", "orders").keySet()).containsExactlyInAnyOrder(loneShard, sharedShard);
        assertThat(children("db", "orders", sharedShard).keySet()).containsExactlyInAnyOrder("writes", "primary", "replica-1");
        assertThat(children("db", "orders", loneShard).keySet()).containsExactlyInAnyOrder("writes", "primary");
        assertThat(children("db", "reporting").keySet()).containsExactlyInAnyOrder("writes", "primary", "replica-1");
        assertThat(((IndicatedHealthDescriptor) at("db", "orders", sharedShard, "replica-1")).getDetails())
                .containsEntry("route", "replica").containsEntry("role", "READ_ONLY")
                .hasEntrySatisfying("url", url -> assertThat(url.toString()).contains("healthorders")
                        .doesNotContain(A.password()));
        assertThat(((IndicatedHealthDescriptor) at("db", "orders", loneShard, "writes")).getDetails())
                .containsEntry("cluster", mapName + "/" + loneShard);
        assertThat(status("db")).isEqualTo(Status.UP);

        lone.primary().stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (status("db", "orders", loneShard) != Status.DOWN && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertThat(status("db", "orders", loneShard)).as("the stopped shard").isEqualTo(Status.DOWN);
        assertThat(status("db", "orders", loneShard, "primary")).isEqualTo(Status.DOWN);
        assertThat(status("db", "orders", loneShard, "writes")).isEqualTo(Status.DOWN);
        assertThat(status("db", "orders", sharedShard)).as("the other shard").isEqualTo(Status.UP);
        assertThat(status("db", "reporting")).as("the router bean").isEqualTo(Status.UP);
        assertThat(status("db")).isEqualTo(Status.DOWN);
        assertThat(orders.stats().validations()).as("no connection through the sharded DataSource")
                .isEqualTo(validations);
    }
}
