package io.cqrsrouting.spring.apps.jdbc;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.web.ConsistencyTokenFilter;

import jakarta.servlet.http.Cookie;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring Data JDBC library app over the real primary + hot standby: repository reads on the
 * standby, writes on the primary, and every commit, whatever started it (repository
 * {@code save}, a plain {@code @Transactional} service, a {@code TransactionTemplate}), makes the
 * session's next plain reads see it while the standby's replay is paused.
 */
@SpringBootTest(classes = LibraryApplication.class)
@AutoConfigureMockMvc
class LibraryAppTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.max-size", () -> "4");
        registry.add("cqrs.routing.monitor.interval", () -> "50ms");
        registry.add("spring.sql.init.mode", () -> "always");
        registry.add("spring.sql.init.schema-locations", () -> "classpath:apps/jdbc/schema.sql");
    }

    @Autowired MockMvc mvc;
    @Autowired BookRepository books;
    @Autowired Librarian librarian;
    @Autowired TransactionTemplate transactions;
    @Autowired RoutingDataSource router;

    @BeforeEach
    void freshMonitor() throws Exception {
        db().awaitReplay(0, Duration.ofSeconds(10));
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
    }

    @AfterEach
    void resume() {
        db().resumeReplay(0);
        db().awaitReplay(0, Duration.ofSeconds(10));
        assertThat(Routing.currentRoute()).isNull();
    }

    private static JdbcTemplate primary() {
        return new JdbcTemplate(new DriverManagerDataSource(db().primaryJdbcUrl(), db().username(),
                db().password()));
    }

    private static String unique() {
        return "b-" + UUID.randomUUID();
    }

    @Test
    void repositoryReadsRunOnTheStandbyAndWritesOnThePrimary() {
        assertThat(books.servedBy()).isEqualTo("standby1");
        Book saved = books.save(new Book(unique()));
        assertThat(primary().queryForObject("select title from library_book where id = ?",
                String.class, saved.getId())).isEqualTo(saved.getTitle());
        assertThat(books.retitle(saved.getId(), saved.getTitle() + "!")).isTrue();
        assertThat(primary().queryForObject("select title from library_book where id = ?",
                String.class, saved.getId())).isEqualTo(saved.getTitle() + "!");
    }

    @Test
    void postRedirectGetShowsTheUsersOwnWriteWhileTheStandbyIsBehind() throws Exception {
        db().pauseReplay(0);
        String title = unique();
        MvcResult added = mvc.perform(post("/books").param("title", title))
                .andExpect(status().is3xxRedirection()).andReturn();
        String location = added.getResponse().getRedirectedUrl();
        Cookie token = added.getResponse().getCookie(ConsistencyTokenFilter.DEFAULT_COOKIE);
        assertThat(token).isNotNull();

        mvc.perform(get(location).cookie(token)).andExpect(content().string(title));
        mvc.perform(get(location)).andExpect(status().isNotFound()); // another user: the standby
    }

    @Test
    void commitsOfAPlainTransactionalServiceAndOfATransactionTemplateCount() {
        db().pauseReplay(0);
        String title = unique();
        List<Book> own = Routing.session(() -> {
            librarian.addSeries(title, title);
            return librarian.titled(title);
        });
        assertThat(own).hasSize(2);
        assertThat(Routing.session(() -> librarian.titled(title))).as("another session").isEmpty();

        String other = unique();
        Book viaTemplate = Routing.session(() -> {
            transactions.executeWithoutResult(s -> books.save(new Book(other)));
            return books.findByTitle(other).stream().findFirst().orElse(null);
        });
        assertThat(viaTemplate).isNotNull();
    }

    @Test
    void aRepositoryWriteInsideAReadOnlyTransactionFailsBeforeReachingTheStandby() {
        String title = unique();
        TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
        readOnly.setReadOnly(true);
        // A read-only transaction opened in a query scope is bound to the standby...
        assertThatThrownBy(() -> Routing.query(() -> readOnly.execute(s -> {
            books.findByTitle(title);
            return books.save(new Book(title)); // ...and cannot take a write
        }))).isInstanceOf(RouteConflictException.class).hasMessageContaining("BookRepository.save");
        assertThat(primary().queryForObject("select count(*) from library_book where title = ?",
                Long.class, title)).isZero();
    }
}
