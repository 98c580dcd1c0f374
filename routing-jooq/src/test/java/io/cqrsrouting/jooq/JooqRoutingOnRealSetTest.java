package io.cqrsrouting.jooq;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Parameter;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.AbstractRoutine;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Statement-type routing with no annotation anywhere, on a real primary + hot standby: each test
 * asks the server that ran the statement for its {@code cluster_name}.
 */
class JooqRoutingOnRealSetTest {

    private static final Table<Record> ITEM = table(name("jooq_item"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> WRITTEN_BY = field(name("written_by"), String.class);
    private static final Field<String> NODE = field("current_setting('cluster_name')", String.class);
    private static final Field<Integer> PID = field("pg_backend_pid()", Integer.class);

    private static RoutingDataSource router;
    private static DSLContext dsl;

    @BeforeAll
    static void setUp() throws Exception {
        router = TestCluster.router();
        TestCluster.ensureSchema(router);
        dsl = JooqRouting.dsl(router, SQLDialect.POSTGRES);
    }

    @AfterAll
    static void tearDown() {
        router.close();
    }

    @Test
    void typedSelectIsServedByTheStandby() {
        assertThat(dsl.select(NODE).fetchOne(NODE)).isEqualTo("standby1");
        assertThat(dsl.select(NODE).from(ITEM).limit(1).fetch()).allSatisfy(
                r -> assertThat(r.get(NODE)).isEqualTo("standby1"));
    }

    @Test
    void plainSqlSelectIsServedByTheStandby() {
        assertThat(dsl.fetchValue("select current_setting('cluster_name')")).isEqualTo("standby1");
    }

    @Test
    void insertIsServedByThePrimary() {
        String writer = dsl.insertInto(ITEM).set(NAME, "typed insert").returning(WRITTEN_BY)
                .fetchOne(WRITTEN_BY);
        assertThat(writer).isEqualTo("primary");
    }

    @Test
    void plainSqlInsertIsServedByThePrimary() {
        assertThat(dsl.execute("insert into jooq_item(name) values ('plain insert')")).isOne();
        assertThat(Routing.command(() -> dsl.select(WRITTEN_BY).from(ITEM)
                .where(NAME.eq("plain insert")).limit(1).fetchOne(WRITTEN_BY)))
                .isEqualTo("primary");
    }

    @Test
    void updateReturningIsServedByThePrimary() {
        long id = dsl.insertInto(ITEM).set(NAME, "to update").returning(ID).fetchOne(ID);
        String typed = dsl.update(ITEM).set(NAME, "updated").where(ID.eq(id))
                .returningResult(NODE).fetchOne(NODE);
        Object plain = dsl.fetchValue("update jooq_item set name = 'updated again' where id = "
                + id + " returning current_setting('cluster_name')");
        assertThat(typed).isEqualTo("primary");
        assertThat(plain).isEqualTo("primary");
    }

    @Test
    void selectForUpdateIsServedByThePrimary() {
        long id = dsl.insertInto(ITEM).set(NAME, "to lock").returning(ID).fetchOne(ID);
        assertThat(dsl.select(NODE).from(ITEM).where(ID.eq(id)).forUpdate().fetchOne(NODE))
                .isEqualTo("primary");
        assertThat(dsl.select(NODE).from(ITEM).where(ID.eq(id)).forShare().fetchOne(NODE))
                .isEqualTo("primary");
        assertThat(dsl.fetchValue("select current_setting('cluster_name') from jooq_item"
                + " where id = " + id + " for no key update")).isEqualTo("primary");
    }

    @Test
    void procedureCallAndDdlRunOnThePrimary() {
        // On the standby both would fail: "cannot execute ... in a read-only transaction".
        dsl.execute("call jooq_touch()");
        dsl.createTableIfNotExists("jooq_scratch").column("a", org.jooq.impl.SQLDataType.INTEGER)
                .execute();
        dsl.dropTableIfExists("jooq_scratch").execute();
    }

    @Test
    void routineCallIsServedByThePrimary() {
        // a procedure writes: on the standby it would fail
        assertThat(new TouchProcedure().execute(dsl.configuration())).isZero();
    }

    /** What jOOQ's code generator writes for the procedure {@code jooq_touch()}. */
    static final class TouchProcedure extends AbstractRoutine<Void> {
        private static final long serialVersionUID = 1L;

        TouchProcedure() {
            super("jooq_touch", null);
            setSQLUsable(false);
        }
    }

    /** What jOOQ's code generator would write for {@code jooq_touch_fn()}. */
    static final class TouchFunction extends AbstractRoutine<String> {
        private static final long serialVersionUID = 1L;
        private static final Parameter<String> RETURN_VALUE =
                Internal.createParameter("RETURN_VALUE", SQLDataType.CLOB, false, false);

        TouchFunction() {
            super("jooq_touch_fn", null, SQLDataType.CLOB);
            setReturnParameter(RETURN_VALUE);
        }
    }

    @Test
    void explicitCommandScopeSendsASelectToThePrimary() {
        assertThat(Routing.command(() -> dsl.select(NODE).fetchOne(NODE))).isEqualTo("primary");
        assertThat(Routing.command(() -> dsl.fetchValue("select current_setting('cluster_name')")))
                .isEqualTo("primary");
    }

    @Test
    void explicitQueryScopeKeepsASelectOnTheStandby() {
        assertThat(Routing.query(() -> dsl.select(NODE).fetchOne(NODE))).isEqualTo("standby1");
    }

    @Test
    void transactionKeepsOnePrimaryConnectionAcrossReadsAndWrites() {
        List<String> seen = new ArrayList<>();
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            seen.add(describe(tx.select(PID, NODE).fetchOne()));
            tx.insertInto(ITEM).set(NAME, "in transaction").execute();
            seen.add(describe(tx.select(PID, NODE).fetchOne()));
            seen.add(describe(tx.fetchOne("select pg_backend_pid(), current_setting('cluster_name')")));
        });
        assertThat(seen).hasSize(3).containsOnly(seen.get(0));
        assertThat(seen.get(0)).endsWith("@primary");
    }

    /** @return "pid@node" of the server session that ran the statement */
    static String describe(Record r) {
        return r.get(0) + "@" + r.get(1);
    }

    @Test
    void transactionStartedInAQueryScopeStaysOnTheStandby() {
        List<String> seen = Routing.query(() -> dsl.transactionResult(cfg -> List.of(
                describe(cfg.dsl().select(PID, NODE).fetchOne()),
                describe(cfg.dsl().select(PID, NODE).from(ITEM).limit(1).fetchOne()))));
        assertThat(seen.get(0)).endsWith("@standby1").isEqualTo(seen.get(1));
    }

    @Test
    void statementsAfterATransactionAreRoutedAgain() {
        dsl.transaction(cfg -> cfg.dsl().select(NODE).fetchOne());
        assertThat(dsl.select(NODE).fetchOne(NODE)).isEqualTo("standby1");
    }

    @Test
    void aFailedStatementLeavesNoRouteBehind() {
        try {
            dsl.fetch("select * from no_such_table");
        } catch (org.jooq.exception.DataAccessException expected) {
            // the statement failed on the standby
        }
        assertThat(Routing.currentIntent()).isNull();
        assertThat(dsl.insertInto(ITEM).set(NAME, "after failure").returning(WRITTEN_BY)
                .fetchOne(WRITTEN_BY)).isEqualTo("primary");
    }
}
