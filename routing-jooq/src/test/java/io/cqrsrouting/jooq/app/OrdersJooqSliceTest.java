package io.cqrsrouting.jooq.app;

import static io.cqrsrouting.jooq.TestCluster.SET;
import static io.cqrsrouting.jooq.app.OrderTable.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @JooqTest} includes the router's auto-configuration and its jOOQ routing: with only
 * {@code cqrs.routing.*} properties, the slice's {@code DSLContext} runs on the router, a read on
 * the standby and a write on the primary (each node asked {@code pg_is_in_recovery()}).
 */
@JooqTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // each statement routes itself
class OrdersJooqSliceTest {

    private static final Field<Boolean> IN_RECOVERY = DSL.field("pg_is_in_recovery()",
            Boolean.class);

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", SET::primaryJdbcUrl);
        registry.add("cqrs.routing.primary.username", SET::username);
        registry.add("cqrs.routing.primary.password", SET::password);
        registry.add("cqrs.routing.replicas[0].url", () -> SET.standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", SET::username);
        registry.add("cqrs.routing.replicas[0].password", SET::password);
        registry.add("cqrs.routing.pool.max-size", () -> "2");
        registry.add("spring.jooq.sql-dialect", () -> "postgres");
    }

    @BeforeAll
    static void schema() throws Exception {
        try (Connection c = DriverManager.getConnection(SET.primaryJdbcUrl(), SET.username(),
                SET.password()); Statement s = c.createStatement()) {
            s.execute("create table if not exists app_order (id bigserial primary key, item text,"
                    + " status text default 'new',"
                    + " written_by text default current_setting('cluster_name'))");
        }
        SET.awaitReplay(0, Duration.ofSeconds(15));
    }

    @Autowired DataSource dataSource;
    @Autowired DSLContext dsl;

    @Test
    void theSliceReadsOnTheStandbyAndWritesOnThePrimary() throws Exception {
        assertThat(dataSource).isInstanceOf(RoutingDataSource.class);
        assertThat(((RoutingDataSource) dataSource).awaitMonitor(1, 10_000)).isTrue();

        // A plain select, no routing API: jOOQ's statement routing sends it to the standby
        // (in a fresh session: this thread may have written in another test class).
        assertThat(Routing.session(() -> dsl.select(IN_RECOVERY).fetchOne(IN_RECOVERY)))
                .as("a read is answered by a node in recovery").isTrue();

        // A plain insert, answered by the node that ran it.
        assertThat(dsl.insertInto(ORDER).set(ORDER.ITEM, "slice").returningResult(IN_RECOVERY)
                .fetchOne().value1()).as("the write ran on the primary").isFalse();
    }
}
