package io.cqrsrouting.spring.observation;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
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
import io.cqrsrouting.spring.observation.app.Auditor;
import io.cqrsrouting.spring.observation.app.Ledger;
import io.cqrsrouting.spring.observation.app.TracedApp;
import io.cqrsrouting.spring.web.ConsistencyTokenFilter;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;

import jakarta.servlet.http.Cookie;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * A DataSource-wrapping tracer (datasource-micrometer, auto-configured as its users get it) in
 * front of the router, on the real primary + hot standby: routing, bound-route detection and the
 * token filter keep working, and each connection's span carries the routing decision.
 */
@SpringBootTest(classes = TracedApp.class)
@AutoConfigureMockMvc
class TracedDataSourceBootTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TracedApp.properties(registry);
    }

    @BeforeAll
    static void schema() {
        primary().execute("create table if not exists traced_ledger"
                + " (id bigserial primary key, note text not null)");
    }

    @Autowired DataSource dataSource;
    @Autowired Ledger ledger;
    @Autowired Auditor auditor;
    @Autowired SimpleTracer tracer;
    @Autowired MockMvc mvc;

    private RoutingDataSource router;

    @BeforeEach
    void settled() throws Exception {
        db().awaitReplay(0, Duration.ofSeconds(10));
        router = dataSource.unwrap(RoutingDataSource.class);
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        tracer.getSpans().clear();
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

    /** The tags of the one connection span recorded since the last clear. */
    private Map<String, String> connectionSpan() {
        List<SimpleSpan> spans = tracer.getSpans().stream()
                .filter(s -> "connection".equals(s.getName())).toList();
        assertThat(spans).as("connection spans").hasSize(1);
        tracer.getSpans().clear();
        return spans.get(0).getTags();
    }

    @Test
    void theApplicationDataSourceIsTheTracersWrapperAroundTheRouter() throws Exception {
        assertThat(dataSource).isNotInstanceOf(RoutingDataSource.class);
        assertThat(dataSource.isWrapperFor(RoutingDataSource.class)).isTrue();
    }

    @Test
    void queriesReadTheStandbyAndCommandsThePrimaryThroughTheWrapper() {
        assertThat(ledger.node()).isEqualTo(new Ledger.Node(STANDBY, true));
        assertThat(connectionSpan()).containsEntry("cqrs.routing.route", "replica")
                .containsEntry("cqrs.routing.endpoint", "replica-1")
                .containsEntry("cqrs.routing.intent", "query")
                .containsEntry("cqrs.routing.fallback", "none")
                .containsEntry("cqrs.routing.cluster", router.name());

        assertThat(ledger.commandNode()).isEqualTo(new Ledger.Node(PRIMARY, false));
        assertThat(connectionSpan()).containsEntry("cqrs.routing.route", "primary")
                .containsEntry("cqrs.routing.endpoint", "primary")
                .containsEntry("cqrs.routing.intent", "command")
                .containsEntry("cqrs.routing.fallback", "none");
    }

    @Test
    void aReadThatMustSeeTheCallersWriteFallsBackAndTheSpanSaysWhy() {
        db().pauseReplay(0);
        String note = "n-" + UUID.randomUUID();
        String seen = Routing.session(() -> {
            long id = ledger.add(note);
            tracer.getSpans().clear();
            return ledger.note(id);
        });
        assertThat(seen).isEqualTo(note);
        assertThat(connectionSpan()).containsEntry("cqrs.routing.route", "primary")
                .containsEntry("cqrs.routing.intent", "consistent")
                .containsEntry("cqrs.routing.fallback", "behind_token");
    }

    @Test
    void aWriteInAStandbyBoundTransactionIsRefusedBeforeReachingTheDatabase() {
        String note = "audit-" + UUID.randomUUID();
        int started = ledger.addsStarted();
        assertThatThrownBy(() -> auditor.auditAndCorrect(note))
                .isInstanceOf(RouteConflictException.class)
                .hasMessageContaining("Ledger.add");
        // Refused when the command was entered (the bound route was seen through the wrapper),
        // not only later at its statement.
        assertThat(ledger.addsStarted()).isEqualTo(started);
        assertThat(primary().queryForObject("select count(*) from traced_ledger where note = ?",
                Long.class, note)).isZero();
    }

    @Test
    void theTokenFilterCarriesTheUsersWriteAcrossTheRedirect() throws Exception {
        db().pauseReplay(0);
        String note = "web-" + UUID.randomUUID();
        MvcResult added = mvc.perform(post("/entries").param("note", note))
                .andExpect(status().is3xxRedirection()).andReturn();
        Cookie token = added.getResponse().getCookie(ConsistencyTokenFilter.DEFAULT_COOKIE);
        assertThat(token).as("token cookie").isNotNull();
        String location = added.getResponse().getRedirectedUrl();

        mvc.perform(get(location).cookie(token)).andExpect(content().string(note));
        // Without the token, nothing says the standby (paused) must have it.
        mvc.perform(get(location)).andExpect(status().isNotFound());
    }
}
