package io.cqrsrouting.spring.boot;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application whose primary is what it already tells Boot ({@code spring.datasource.*}, or a
 * {@code JdbcConnectionDetails} bean as Testcontainers' {@code @ServiceConnection} registers) and
 * which adds only {@code cqrs.routing.replicas[n].*}: writes reach the real primary, reads the
 * standby.
 */
class BootSuppliedPrimaryTest {

    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/nowhere";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsRoutingAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
            .withPropertyValues("cqrs.routing.replicas[0].url=" + db().standbyJdbcUrl(0),
                    "cqrs.routing.replicas[0].username=" + db().username(),
                    "cqrs.routing.replicas[0].password=" + db().password(),
                    "cqrs.routing.monitor.enabled=false");

    @Test
    void primaryFromSpringDatasourceProperties() {
        runner.withPropertyValues("spring.datasource.url=" + db().primaryJdbcUrl(),
                "spring.datasource.username=" + db().username(),
                "spring.datasource.password=" + db().password())
                .run(context -> assertRoutes(context, "spring.datasource.*"));
    }

    @Test
    void primaryFromAJdbcConnectionDetailsBeanWhichBeatsSpringDatasource() {
        runner.withPropertyValues("spring.datasource.url=" + NOWHERE)
                .withBean(JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {
                    @Override
                    public String getJdbcUrl() {
                        return db().primaryJdbcUrl();
                    }

                    @Override
                    public String getUsername() {
                        return db().username();
                    }

                    @Override
                    public String getPassword() {
                        return db().password();
                    }
                }).run(context -> assertRoutes(context, "JdbcConnectionDetails"));
    }

    @Test
    void cqrsRoutingPrimaryBeatsBoth() {
        runner.withPropertyValues("spring.datasource.url=" + NOWHERE,
                "cqrs.routing.primary.url=" + db().primaryJdbcUrl(),
                "cqrs.routing.primary.username=" + db().username(),
                "cqrs.routing.primary.password=" + db().password())
                .run(context -> assertRoutes(context, "cqrs.routing.primary.*"));
    }

    private static void assertRoutes(AssertableApplicationContext context, String source) {
        assertThat(context).as(source).hasNotFailed().hasSingleBean(DataSource.class);
        assertThat(context.getBean(DataSource.class)).isInstanceOf(RoutingDataSource.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        String node = "select current_setting('cluster_name')";
        assertThat(Routing.command(() -> jdbc.queryForObject(node, String.class))).as(source)
                .isEqualTo(PRIMARY);
        // another user's read (its own session: this one just ran a command, and plain reads of a
        // session that wrote are read-your-writes by default)
        assertThat(Routing.session(() -> Routing.query(() -> jdbc.queryForObject(node, String.class))))
                .as(source).isEqualTo(STANDBY);
    }
}
