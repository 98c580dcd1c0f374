package io.cqrsrouting.jooq.app;

import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cqrsrouting.jooq.TestCluster.SET;
import static io.cqrsrouting.jooq.app.OrderService.NODE;
import static io.cqrsrouting.jooq.app.OrderTable.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The orders application (Spring Boot's jOOQ auto-configuration, an injected {@code DSLContext},
 * {@code UpdatableRecord}s, a sequence), unmodified, routed by {@code cqrs.routing.*} properties
 * alone, on the real primary + standby. Reads select {@code current_setting('cluster_name')} to
 * report the node that served them; rows record the node that wrote them; lag is made exact by
 * pausing the standby's WAL replay.
 */
class OrdersAppOnRealSetTest {

    private static ConfigurableApplicationContext app;
    private static OrderService orders;
    private static DSLContext dsl;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = DriverManager.getConnection(SET.primaryJdbcUrl(), SET.username(),
                SET.password()); Statement s = c.createStatement()) {
            s.execute("create table if not exists app_order (id bigserial primary key, item text,"
                    + " status text default 'new',"
                    + " written_by text default current_setting('cluster_name'))");
            s.execute("create sequence if not exists app_order_number");
        }
        SET.awaitReplay(0, Duration.ofSeconds(15));
        app = new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "cqrs.routing.name=orders",
                        "cqrs.routing.primary.url=" + SET.primaryJdbcUrl(),
                        "cqrs.routing.primary.username=" + SET.username(),
                        "cqrs.routing.primary.password=" + SET.password(),
                        "cqrs.routing.replicas[0].url=" + SET.standbyJdbcUrl(0),
                        "cqrs.routing.replicas[0].username=" + SET.username(),
                        "cqrs.routing.replicas[0].password=" + SET.password(),
                        "cqrs.routing.pool.max-size=4",
                        "spring.jooq.sql-dialect=postgres")
                .run();
        orders = app.getBean(OrderService.class);
        dsl = app.getBean(DSLContext.class);
        assertThat(app.getBean(RoutingDataSource.class).awaitMonitor(2, 10_000)).isTrue();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void replayOn() {
        SET.resumeReplay(0);
    }

    private static void caughtUp() {
        SET.awaitReplay(0, Duration.ofSeconds(15));
    }

    private static String writerOf(long id) {
        return Routing.consistent(() -> dsl.select(ORDER.WRITTEN_BY).from(ORDER)
                .where(ORDER.ID.eq(id)).fetchOne(ORDER.WRITTEN_BY));
    }

    @Test
    void readsRunOnTheStandbyAndWritesOnThePrimary() {
        long id = orders.place("book");
        assertThat(writerOf(id)).isEqualTo("primary");
        caughtUp();
        assertThat(Routing.session(() -> orders.itemAndNode(id))).containsExactly("book", "standby1");
    }

    /** The reported bug: store() then refresh() threw NoDataFoundException under lag. */
    @Test
    void storeThenRefreshReadsTheStoredRowUnderLag() {
        SET.pauseReplay(0);
        OrderRecord order = orders.create("lamp");
        assertThat(order.getId()).isNotNull();
        assertThat(order.getStatus()).as("default set by the table, read back").isEqualTo("new");
        assertThat(order.getWrittenBy()).isEqualTo("primary");
        // another user (a session that wrote nothing) reads the standby, which lacks the row
        assertThat(Routing.session(() -> orders.itemAndNode(order.getId())))
                .as("the standby has not replayed it").isNull();
    }

    /** The reported bug: currval after nextval went to the standby and failed. */
    @Test
    void currvalAfterNextvalRunsOnThePrimary() {
        long[] numbers = orders.nextOrderNumber();
        assertThat(numbers[1]).isEqualTo(numbers[0]);
        String node = dsl.select(NODE).from("(select lastval()) x").fetchOne(NODE);
        assertThat(node).isEqualTo("primary");
    }

    @Test
    void aWriteInATransactionBoundToTheStandbyFailsBeforeItIsSent() {
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);
        List<String> seen = new ArrayList<>();
        Routing.query(() -> tx.execute(status -> {
            seen.add(dsl.select(NODE).fetchOne(NODE));
            assertThatThrownBy(() -> dsl.update(ORDER).set(ORDER.STATUS, "shipped")
                    .where(ORDER.ID.eq(1L)).execute())
                    .isInstanceOf(RouteConflictException.class)
                    .hasMessageContaining("update").hasMessageContaining("bound to a replica");
            // Had the UPDATE reached the standby, its error would have aborted this transaction
            // (SQLState 25P02 on the next statement): it is still usable.
            seen.add(dsl.select(NODE).fetchOne(NODE));
            return null;
        }));
        assertThat(seen).containsExactly("standby1", "standby1");
    }

    @Test
    void aTransactionalWriteInAQueryScopeFailsBeforeItIsSent() {
        long id = orders.place("to ship");
        assertThatThrownBy(() -> Routing.query(() -> {
            orders.shipAfterReading(id);
            return null;
        })).isInstanceOf(RouteConflictException.class);
        assertThat(Routing.consistent(() -> dsl.select(ORDER.STATUS).from(ORDER)
                .where(ORDER.ID.eq(id)).fetchOne(ORDER.STATUS))).isEqualTo("new");
    }

    @Test
    void aWriteInAQueryScopeWithoutATransactionRunsOnThePrimary() {
        Long id = Routing.query(() -> dsl.insertInto(ORDER).set(ORDER.ITEM, "query scope")
                .returning(ORDER.ID).fetchOne(ORDER.ID));
        assertThat(writerOf(id)).isEqualTo("primary");
    }
}
