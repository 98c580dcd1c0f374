package io.cqrsrouting.spring.boot;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cluster mode from properties alone: {@code cqrs.routing.nodes[n].*} (the standby listed first),
 * the monitor finds which node is writable; a node's own pool settings reach its pool.
 */
class ClusterModePropertiesTest {

    @Test
    void nodesFromPropertiesRouteByTheRolesTheMonitorDiscovers() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CqrsRoutingAutoConfiguration.class,
                        DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
                .withPropertyValues("cqrs.routing.name=cluster-props",
                        "cqrs.routing.nodes[0].url=" + db().standbyJdbcUrl(0),
                        "cqrs.routing.nodes[0].username=" + db().username(),
                        "cqrs.routing.nodes[0].password=" + db().password(),
                        "cqrs.routing.nodes[0].pool.data-source-properties.ApplicationName=node-a",
                        "cqrs.routing.nodes[1].url=" + db().primaryJdbcUrl(),
                        "cqrs.routing.nodes[1].username=" + db().username(),
                        "cqrs.routing.nodes[1].password=" + db().password(),
                        "cqrs.routing.monitor.interval=100ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RoutingDataSource router = context.getBean(RoutingDataSource.class);
                    assertThat(router.clusterMode()).isTrue();
                    assertThat(router.awaitMonitor(2, 10_000)).isTrue();
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    String node = "select current_setting('cluster_name') || ':'"
                            + " || current_setting('application_name')";
                    assertThat(Routing.command(() -> jdbc.queryForObject(node, String.class)))
                            .startsWith(PRIMARY + ":");
                    assertThat(Routing.query(() -> jdbc.queryForObject(node, String.class)))
                            .isEqualTo(STANDBY + ":node-a");
                });
    }
}
