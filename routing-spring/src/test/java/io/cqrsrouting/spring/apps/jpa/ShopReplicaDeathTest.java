package io.cqrsrouting.spring.apps.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The standby dies (SIGKILL) while a read-only Spring Data JPA repository call runs on it, as
 * writers keep saving on the primary. With Spring Boot's default retry settings the call is
 * retried and answered by the primary within its deadline; no acknowledged write is lost; no
 * thread hangs. Its own primary + standby: the standby does not come back.
 */
@SpringBootTest(classes = ShopApplication.class, properties = "spring.jpa.open-in-view=false")
class ShopReplicaDeathTest {

    private static final PostgresReplicaSet SET = PostgresReplicaSet.start(1);

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", SET::primaryJdbcUrl);
        registry.add("cqrs.routing.primary.username", SET::username);
        registry.add("cqrs.routing.primary.password", SET::password);
        registry.add("cqrs.routing.replicas[0].url", () -> SET.standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", SET::username);
        registry.add("cqrs.routing.replicas[0].password", SET::password);
        registry.add("cqrs.routing.pool.maximum-pool-size", () -> "3"); // 1 reader + 1 writer
        registry.add("cqrs.routing.monitor.interval", () -> "50ms");
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
    }

    @AfterAll
    static void stop() {
        SET.close();
    }

    @Autowired CustomerRepository customers;
    @Autowired RoutingDataSource router;

    /** @return whether the standby is running the slow report right now */
    private static boolean reportRunsOnTheStandby() {
        try (Connection c = DriverManager.getConnection(SET.standbyJdbcUrl(0), SET.username(),
                SET.password()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND query LIKE '%pg_sleep(1)%'"
                        + " AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void aReadCutOffByTheStandbysDeathIsRetriedOnThePrimaryAndNoWriteIsLost() throws Exception {
        for (int i = 0; i < 5; i++) {
            customers.save(new Customer("seed-" + i));
        }
        SET.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        assertThat(customers.servedBy()).isEqualTo("standby1");

        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; writing.get(); i++) {
                    acknowledged.add(customers.save(new Customer("w-" + i)).getId());
                    LockSupport.parkNanos(5_000_000L);
                }
                return null;
            });
            Future<String> report = threads.submit(customers::slowReport);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!reportRunsOnTheStandby()) {
                assertThat(System.nanoTime() - deadline).as("the report runs on the standby")
                        .isNegative();
                assertThat(report.isDone()).as("the report is still running").isFalse();
                LockSupport.parkNanos(10_000_000L);
            }
            SET.standby(0).kill();

            String served = report.get(30, TimeUnit.SECONDS); // bounded: a hang fails here
            assertThat(served).as("retried on the primary").startsWith("primary:");
            assertThat(Long.parseLong(served.substring("primary:".length())))
                    .isGreaterThanOrEqualTo(5);

            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            threads.shutdownNow();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("writes acknowledged during the failure").isNotEmpty();
        JdbcTemplate primary = new JdbcTemplate(new DriverManagerDataSource(SET.primaryJdbcUrl(),
                SET.username(), SET.password()));
        List<Long> stored = primary.queryForList("select id from shop_customer", Long.class);
        assertThat(stored).as("every acknowledged write is on the primary")
                .containsAll(acknowledged);
        assertThat(customers.servedBy()).as("reads go on, on the primary").isEqualTo("primary");
    }
}
