package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.shard.spring.RecoveryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #14 ("an Actuator endpoint or health detail shows detected differences"): a Spring Boot
 * app with Actuator and {@code cqrs.routing.sharding.*} settings gets a {@code cqrsSharding} health
 * indicator with every shard's status and what the auto-configured {@link RecoveryManager} last
 * detected and repaired, recovery meters, and a {@code db} check that does not query the sharded
 * DataSource (which has no shard key in a health check). A shard is detached and attached again
 * through the app's {@code RecoveryManager} bean, and the health details follow each step.
 */
class ShardingHealthBootTest {

    static final String MAP = "health_accounts";
    static ConfigurableApplicationContext app;
    static HealthEndpoint health;
    static ShardLocation loc1;
    static ShardLocation loc2;

    @SpringBootApplication(proxyBeanMethods = false)
    static class App {
    }

    @BeforeAll
    static void start() throws Exception {
        DataSource gsm = ShardTestbed.newGsm();
        String gsmUrl;
        try (var c = gsm.getConnection()) {
            gsmUrl = c.getMetaData().getURL();
        }
        loc1 = ShardTestbed.location(A, ShardTestbed.newDatabase(A, "health1"));
        loc2 = ShardTestbed.location(B, ShardTestbed.newDatabase(B, "health2"));
        try (ShardMapManager setup = ShardTestbed.manager(gsm)) {
            RangeShardMap<Long> map = setup.createRangeShardMap(MAP, Long.class);
            map.createRangeMapping(Range.of(0L, 1000L), map.createShard(loc1));
            map.createRangeMapping(Range.from(1000L), map.createShard(loc2));
        }
        Map<String, Object> props = new HashMap<>();
        props.put("cqrs.routing.sharding.map", MAP);
        props.put("cqrs.routing.sharding.global-map.url", gsmUrl);
        props.put("cqrs.routing.sharding.global-map.username", A.username());
        props.put("cqrs.routing.sharding.global-map.password", A.password());
        props.put("cqrs.routing.sharding.pool-size", "2");
        props.put("management.endpoint.health.show-details", "always");
        props.put("spring.main.banner-mode", "off");
        app = new SpringApplicationBuilder(App.class).properties(props).run();
        health = app.getBean(HealthEndpoint.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void healthShowsEveryShardAndWhatRecoveryDetectedAndRepaired() throws Exception {
        ShardedDataSource sharded = app.getBean(ShardedDataSource.class);
        for (Shard s : sharded.shards()) {
            assertThat(sharded.router(s).awaitMonitor(2, 10_000)).isTrue();
        }
        Map<String, Object> details = details();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> shards = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) details.get("dataSource")).get("shards");
        assertThat(shards).hasSize(2).allSatisfy((id, shard) -> assertThat(shard).containsEntry("status", "UP")
                .containsEntry("writable", true).containsEntry("replicasUp", 1).containsEntry("replicas", 1));
        assertThat(shards.values()).extracting(s -> s.get("location"))
                .containsExactlyInAnyOrder(loc1.primaryJdbcUrl(), loc2.primaryJdbcUrl());
        assertThat(recovery()).containsEntry("differences", 0).containsEntry("pendingRepairs", 0)
                .doesNotContainKey("lastRepair");
        assertThat(health.healthForPath("cqrsSharding").getStatus()).isEqualTo(Status.UP);

        RecoveryManager recovery = app.getBean(RecoveryManager.class);
        recovery.detachShard(loc2);
        List<RecoveryToken> found = recovery.detectMappingDifferences(loc2);
        assertThat(found).hasSize(1);
        assertThat(recovery()).containsEntry("differences", 1)
                .containsEntry("detections", Map.of(loc2.primaryJdbcUrl(), detection(1)))
                .extractingByKey("lastRepair").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("operation", "DETACH").containsEntry("map", MAP)
                .containsEntry("location", loc2.primaryJdbcUrl());
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("cqrs.shard.recovery.differences").tag("location", loc2.primaryJdbcUrl()).gauge().value())
                .isEqualTo(1.0);
        assertThat(meters.get("cqrs.shard.recovery.steps").tag("operation", "DETACH").timer().count()).isEqualTo(1);

        recovery.attachShard(loc2);
        assertThat(recovery.detectMappingDifferences(loc2)).isEmpty();
        assertThat(recovery()).containsEntry("differences", 0)
                .extractingByKey("lastRepair").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("operation", "ATTACH");
        assertThat(meters.get("cqrs.shard.recovery.differences").tag("location", loc2.primaryJdbcUrl()).gauge().value())
                .isEqualTo(0.0);
        assertThat(app.getBeansOfType(RecoveryMetrics.class)).hasSize(1);
        assertThat(details().toString()).doesNotContain(A.password());
    }

    @Test
    void bootsDbCheckReportsTheShardsWithoutAQueryThroughTheShardedDataSource() throws Exception {
        ShardedDataSource sharded = app.getBean(ShardedDataSource.class);
        for (Shard s : sharded.shards()) {
            assertThat(sharded.router(s).awaitMonitor(2, 10_000)).isTrue();
        }
        ShardRoutingStats stats = sharded.stats();
        long validations = stats.validations();
        var all = (org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor) health.health();
        assertThat(all.getStatus()).as(all.getComponents().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().getStatus()).toList().toString()).isEqualTo(Status.UP);
        assertThat(health.healthForPath("db", "dataSource").getStatus()).isEqualTo(Status.UP);
        // per shard (by id), each per endpoint (routing-spring is on the class path: ShardedHealthContributor)
        assertThat(((org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor)
                health.healthForPath("db", "dataSource")).getComponents().keySet())
                .containsExactlyInAnyOrderElementsOf(sharded.shards().stream().map(s -> s.id().toString()).toList());
        assertThat(stats.validations()).as("no connection taken through the sharded DataSource").isEqualTo(validations);
    }

    static Map<String, Object> detection(int differences) {
        return Map.of("differences", differences);
    }

    static Map<String, Object> details() {
        return ((IndicatedHealthDescriptor) health.healthForPath("cqrsSharding")).getDetails();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> recovery() {
        Map<String, Object> r = new HashMap<>((Map<String, Object>) details().get("recovery"));
        // the detection times vary: compare the counts
        Map<String, Object> detections = new HashMap<>();
        ((Map<String, Map<String, Object>>) r.get("detections")).forEach((url, d) ->
                detections.put(url, Map.of("differences", d.get("differences"))));
        r.put("detections", detections);
        return r;
    }
}
