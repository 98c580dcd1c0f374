package io.cqrsrouting.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.time.Duration;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route hint {@code /* cqrs:primary *}{@code /} in jOOQ statements, on the real primary + hot
 * standby: a SELECT whose function writes (invisible to the classifier) runs on the primary when
 * hinted, and fails on the standby when not.
 */
class JooqRouteHintOnRealSetTest {

    private static final Field<String> NODE = field("current_setting('cluster_name')", String.class);

    private static RoutingDataSource router;
    private static DSLContext dsl;

    @BeforeAll
    static void setUp() throws Exception {
        router = TestCluster.router();
        TestCluster.ensureSchema(router);
        dsl = JooqRouting.dsl(router, SQLDialect.POSTGRES);
        Routing.command(() -> {
            dsl.execute("create table if not exists jooq_hint_audit (at timestamptz default now())");
            dsl.execute("create or replace function jooq_hint_touch() returns bigint"
                    + " language sql volatile as"
                    + " 'insert into jooq_hint_audit default values; select count(*) from jooq_hint_audit'");
            return null;
        });
        TestCluster.SET.awaitReplay(0, Duration.ofSeconds(10));
    }

    @AfterAll
    static void tearDown() {
        router.close();
    }

    @Test
    void aHintedPlainSqlSelectRunsOnThePrimary() {
        assertThat(dsl.fetchValue("select current_setting('cluster_name')")).isEqualTo("standby1");
        assertThat(dsl.fetchValue("/* cqrs:primary */ select current_setting('cluster_name')"))
                .isEqualTo("primary");
    }

    @Test
    void aSelectHintRenderedByJooqRunsOnThePrimary() {
        assertThat(dsl.select(NODE).fetchOne(NODE)).isEqualTo("standby1");
        assertThat(dsl.select(NODE).hint("/*+ hidden */ /* CQRS:Primary */").fetchOne(NODE))
                .isEqualTo("primary");
    }

    @Test
    void aWritingFunctionCalledFromASelectNeedsTheHint() {
        assertThatThrownBy(() -> dsl.fetchValue("select jooq_hint_touch()"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("read-only transaction");
        Object count = dsl.fetchValue("/* cqrs:primary */ select jooq_hint_touch()");
        assertThat(((Number) count).longValue()).isPositive();
    }

    @Test
    void aCommentThatOnlyMentionsTheHintIsNoHint() {
        assertThat(dsl.fetchValue("/* not cqrs:primary */ select current_setting('cluster_name')"))
                .isEqualTo("standby1");
        // Inside a string literal it is data, not a comment.
        assertThat(dsl.fetchOne("select '/* cqrs:primary */' as text,"
                + " current_setting('cluster_name') as node").get("node")).isEqualTo("standby1");
    }
}
