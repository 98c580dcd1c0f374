package io.cqrsrouting.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A fresh Boot 4 application whose class path is this starter, a JDBC driver and nothing else
 * (no spring-boot-test, no routing-spring on its own): two properties make its reads go to the
 * standby and its writes to the primary, as the real servers report.
 */
class StarterOnlyAppTest {

    @Test
    void twoPropertiesRouteReadsToTheStandbyAndWritesToThePrimary() {
        PostgresReplicaSet db = PostgresReplicaSet.shared(1);
        String credentials = "?user=" + db.username() + "&password=" + db.password();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FreshApp.class)
                .web(WebApplicationType.NONE)
                .properties("cqrs.routing.primary.url=" + db.primaryJdbcUrl() + credentials,
                        "cqrs.routing.replicas[0].url=" + db.standbyJdbcUrl(0) + credentials)
                .run()) {
            assertThat(app.getBean(DataSource.class)).isInstanceOf(RoutingDataSource.class);
            Catalog catalog = app.getBean(Catalog.class);
            assertThat(catalog.read()).isEqualTo("standby1");
            assertThat(catalog.write()).isEqualTo("primary");
        }
    }

    @SpringBootApplication
    static class FreshApp {
    }

    @Service
    static class Catalog {
        private final JdbcTemplate jdbc;

        Catalog(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Query
        public String read() {
            return jdbc.queryForObject("select current_setting('cluster_name')", String.class);
        }

        @Command
        public String write() {
            return jdbc.queryForObject("select current_setting('cluster_name')", String.class);
        }
    }
}
