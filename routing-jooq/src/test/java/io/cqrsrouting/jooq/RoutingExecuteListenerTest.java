package io.cqrsrouting.jooq;

import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.using;

/** How typed jOOQ queries are classified, from the query object and the SQL jOOQ renders. */
class RoutingExecuteListenerTest {

    private final DSLContext dsl = using(SQLDialect.POSTGRES);

    private boolean isRead(Query q) {
        return RoutingExecuteListener.intentOf(q, dsl.render(q)) == RoutingExecuteListener.READ;
    }

    @Test
    void plainSelectsAndUnionsAreReads() {
        assertThat(isRead(dsl.selectFrom(table(name("t"))).where(field(name("a")).eq(1))))
                .isTrue();
        assertThat(isRead(dsl.select(field(name("a"))).from(table(name("t")))
                .union(dsl.select(field(name("a"))).from(table(name("u")))))).isTrue();
    }

    @Test
    void lockingSelectsAreWrites() {
        assertThat(isRead(dsl.selectFrom(table(name("t"))).forUpdate())).isFalse();
        assertThat(isRead(dsl.selectFrom(table(name("t"))).forUpdate().skipLocked())).isFalse();
        assertThat(isRead(dsl.selectFrom(table(name("t"))).forShare())).isFalse();
        assertThat(isRead(dsl.selectFrom(table(name("t"))).forKeyShare())).isFalse();
        assertThat(isRead(dsl.selectFrom(table(name("t"))).forNoKeyUpdate())).isFalse();
    }

    @Test
    void dmlAndDdlAreWrites() {
        assertThat(isRead(dsl.insertInto(table(name("t"))).set(field(name("a")), 1)
                .returning())).isFalse();
        assertThat(isRead(dsl.update(table(name("t"))).set(field(name("a")), 1)
                .returningResult(field(name("a"))))).isFalse();
        assertThat(isRead(dsl.deleteFrom(table(name("t"))))).isFalse();
        assertThat(isRead(dsl.createTable("t").column("a", org.jooq.impl.SQLDataType.INTEGER)))
                .isFalse();
        assertThat(isRead(dsl.truncate("t"))).isFalse();
    }

    @Test
    void plainSqlIsClassifiedByItsText() {
        assertThat(isRead(dsl.resultQuery("select 1"))).isTrue();
        assertThat(isRead(dsl.resultQuery("insert into t values (1) returning a"))).isFalse();
        assertThat(isRead(dsl.query("select pg_sleep(0)"))).isTrue();
        assertThat(isRead(dsl.query("vacuum t"))).isFalse();
    }
}
