package io.cqrsrouting.spring.apps.jdbc;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @DataJdbcTest} includes the router's auto-configuration: with only
 * {@code cqrs.routing.*} properties, the slice's Spring Data JDBC repository runs on the router,
 * its {@code @Query} read on the standby and its {@code save} on the primary (the database says
 * which node ran each).
 */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // each repository call routes itself
class LibraryDataJdbcSliceTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.max-size", () -> "2");
        registry.add("spring.sql.init.mode", () -> "always");
        registry.add("spring.sql.init.schema-locations", () -> "classpath:apps/jdbc/schema.sql");
    }

    @Autowired DataSource dataSource;
    @Autowired BookRepository books;

    @Test
    void theSliceReadsOnTheStandbyAndWritesOnThePrimary() throws Exception {
        assertThat(dataSource).isInstanceOf(RoutingDataSource.class);
        assertThat(((RoutingDataSource) dataSource).awaitMonitor(1, 10_000)).isTrue();

        // The repository's @Query, no routing API, in a session that has written nothing.
        assertThat(Routing.session(books::servedBy)).isEqualTo("standby1");

        // save: the standby's replay is paused, so the row exists only where the insert ran.
        db().pauseReplay(0);
        try {
            String title = "slice-" + UUID.randomUUID();
            long id = Routing.session(() -> books.save(new Book(title)).getId());
            JdbcTemplate primary = new JdbcTemplate(new DriverManagerDataSource(
                    db().primaryJdbcUrl(), db().username(), db().password()));
            assertThat(primary.queryForObject("select title || '@' || pg_is_in_recovery()"
                    + " from library_book where id = ?", String.class, id))
                    .as("the saved row, on a node not in recovery").isEqualTo(title + "@false");
        } finally {
            db().resumeReplay(0);
            db().awaitReplay(0, Duration.ofSeconds(10));
        }
    }
}
