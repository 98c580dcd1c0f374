package io.cqrsrouting.jooq.autoconfigure;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.jooq.RoutingConnectionProvider;
import io.cqrsrouting.jooq.TestCluster;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** Spring Boot's auto-configured DSLContext over a RoutingDataSource, no annotation anywhere. */
class JooqRoutingBootTest {

    private static final Field<String> NODE = field("current_setting('cluster_name')", String.class);
    private static final Field<Integer> PID = field("pg_backend_pid()", Integer.class);

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
                    TransactionAutoConfiguration.class, JooqAutoConfiguration.class,
                    JooqRoutingAutoConfiguration.class));

    @BeforeAll
    static void schema() throws Exception {
        try (RoutingDataSource router = TestCluster.router()) {
            TestCluster.ensureSchema(router);
        }
    }

    private ApplicationContextRunner withRouter() {
        return boot.withBean(DataSource.class, TestCluster::router);
    }

    @Test
    void autoConfigurationIsRegisteredForSpringBoot() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(JooqRoutingAutoConfiguration.class.getName());
    }

    @Test
    void bootsDslContextSendsSelectsToTheStandbyAndWritesToThePrimary() {
        withRouter().run(ctx -> {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            assertThat(dsl.configuration().connectionProvider())
                    .isInstanceOf(RoutingConnectionProvider.class);
            assertThat(dsl.select(NODE).fetchOne(NODE)).isEqualTo("standby1");
            assertThat(dsl.insertInto(table(name("jooq_item"))).set(field(name("name")), "boot")
                    .returningResult(field(name("written_by"), String.class)).fetchOne(0))
                    .isEqualTo("primary");
        });
    }

    @Test
    void springTransactionKeepsOneConnectionAcrossReadsAndWrites() {
        withRouter().run(ctx -> {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            List<String> seen = new ArrayList<>();
            ctx.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
                seen.add(describe(dsl.select(PID, NODE).fetchOne()));
                dsl.insertInto(table(name("jooq_item"))).set(field(name("name")), "spring tx")
                        .execute();
                seen.add(describe(dsl.select(PID, NODE).fetchOne()));
            });
            assertThat(seen).hasSize(2).containsOnly(seen.get(0));
            assertThat(seen.get(0)).endsWith("@primary");
        });
    }

    @Test
    void jooqTransactionThroughSpringKeepsOneConnection() {
        withRouter().run(ctx -> {
            DSLContext dsl = ctx.getBean(DSLContext.class);
            List<String> seen = new ArrayList<>();
            dsl.transaction(cfg -> {
                seen.add(describe(cfg.dsl().select(PID, NODE).fetchOne()));
                cfg.dsl().insertInto(table(name("jooq_item"))).set(field(name("name")), "jooq tx")
                        .execute();
                // the outer DSLContext joins the Spring transaction too
                seen.add(describe(dsl.select(PID, NODE).fetchOne()));
            });
            assertThat(seen).hasSize(2).containsOnly(seen.get(0));
            assertThat(seen.get(0)).endsWith("@primary");
        });
    }

    @Test
    void leavesJooqAloneWhenTheDataSourceIsNotARouter() {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(TestCluster.SET.primaryJdbcUrl());
        boot.withBean(DataSource.class, () -> plain).run(ctx -> assertThat(
                ctx.getBean(DSLContext.class).configuration().connectionProvider())
                .isNotInstanceOf(RoutingConnectionProvider.class));
    }

    private static String describe(Record r) {
        return r.get(0) + "@" + r.get(1);
    }
}
