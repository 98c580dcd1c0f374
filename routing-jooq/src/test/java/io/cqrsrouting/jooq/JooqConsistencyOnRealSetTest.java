package io.cqrsrouting.jooq;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.jooq.app.OrderRecord;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cqrsrouting.jooq.TestCluster.SET;
import static io.cqrsrouting.jooq.app.OrderTable.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;

/**
 * Plain jOOQ ({@link JooqRouting#dsl}) on the real primary + standby, with the standby's replay
 * paused for exact lag: records read back what they stored, writes never reach the standby.
 */
class JooqConsistencyOnRealSetTest {

    private static final Field<String> NODE = field("current_setting('cluster_name')", String.class);

    private static RoutingDataSource router;
    private static DSLContext dsl;

    @BeforeAll
    static void setUp() throws Exception {
        router = TestCluster.router();
        try (Connection c = router.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists app_order (id bigserial primary key, item text,"
                    + " status text default 'new',"
                    + " written_by text default current_setting('cluster_name'))");
        }
        SET.awaitReplay(0, Duration.ofSeconds(15));
        dsl = JooqRouting.dsl(router, SQLDialect.POSTGRES);
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
    }

    @AfterAll
    static void tearDown() {
        router.close();
    }

    @AfterEach
    void replayOn() {
        SET.resumeReplay(0);
    }

    @Test
    void refreshAfterStoreReadsTheStoredRowUnderLag() {
        SET.pauseReplay(0);
        OrderRecord order = dsl.newRecord(ORDER);
        order.setItem("refreshed");
        order.store();
        order.refresh();
        assertThat(order.getStatus()).isEqualTo("new");
        assertThat(order.getWrittenBy()).isEqualTo("primary");
        // only the read right after the store: a plain read in a session that wrote nothing is
        // a replica's again
        assertThat(Routing.session(() -> dsl.select(NODE).fetchOne(NODE))).isEqualTo("standby1");
    }

    @Test
    void refreshAfterStoreIsOffloadedOnceTheStandbyHasTheRow() throws Exception {
        OrderRecord order = dsl.newRecord(ORDER);
        order.setItem("offloaded");
        order.store();
        // the standby has replayed the store, the caller's write (asked over JDBC: the next jOOQ
        // statement must be the refresh)
        assertThat(Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 10_000, () -> {
            try (Connection c = router.getConnection()) {
                return PostgresReplicaSet.servedBy(c);
            }
        })).isEqualTo("standby1");
        long before = replicaServed();
        order.refresh();
        assertThat(order.getStatus()).isEqualTo("new");
        assertThat(replicaServed()).isEqualTo(before + 1);
    }

    private static long replicaServed() {
        return router.endpoints().stream().filter(e -> e.name().startsWith("replica"))
                .mapToLong(e -> e.served()).sum();
    }

    @Test
    void writeInAJooqTransactionBoundToTheStandbyFailsBeforeItIsSent() {
        List<String> seen = new ArrayList<>();
        Routing.query(() -> {
            dsl.transaction(tx -> {
                seen.add(tx.dsl().select(NODE).fetchOne(NODE));
                assertThatThrownBy(() -> tx.dsl().insertInto(ORDER).set(ORDER.ITEM, "never")
                        .execute())
                        .isInstanceOf(RouteConflictException.class)
                        .hasMessageContaining("insert into")
                        .hasMessageContaining("bound to a replica");
                assertThatThrownBy(() -> tx.dsl().selectFrom(ORDER).forUpdate().fetch())
                        .isInstanceOf(RouteConflictException.class);
                // not aborted by a statement the standby rejected: still usable
                seen.add(tx.dsl().select(NODE).fetchOne(NODE));
            });
            return null;
        });
        assertThat(seen).containsExactly("standby1", "standby1");
        assertThat(Routing.consistent(() -> dsl.fetchCount(ORDER, ORDER.ITEM.eq("never"))))
                .isZero();
    }

    @Test
    void writesInReadScopesRunOnThePrimary() {
        String inQuery = Routing.query(() -> dsl.insertInto(ORDER).set(ORDER.ITEM, "query")
                .returning(ORDER.WRITTEN_BY).fetchOne(ORDER.WRITTEN_BY));
        String inConsistent = Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                () -> dsl.insertInto(ORDER).set(ORDER.ITEM, "consistent")
                        .returning(ORDER.WRITTEN_BY).fetchOne(ORDER.WRITTEN_BY));
        assertThat(inQuery).isEqualTo("primary");
        assertThat(inConsistent).isEqualTo("primary");
    }
}
