package io.cqrsrouting.spring.apps.jpa;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.WritesUnavailableDataAccessException;
import io.cqrsrouting.spring.web.ConsistencyTokenFilter;

import jakarta.servlet.http.Cookie;

import java.time.Duration;
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

/**
 * What the shop's users do, over the real primary + hot standby, with the database asked which
 * node served: reads on the standby, writes on the primary, their own writes visible after
 * POST → redirect → GET while the standby's replay is paused (another user still sees the
 * standby's stale state, which proves who served what), and never a write on the standby. Run
 * with open-in-view on and off by the two subclasses.
 */
@SpringBootTest(classes = ShopApplication.class)
@AutoConfigureMockMvc
abstract class ShopAppContract {

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
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
    }

    @Autowired MockMvc mvc;
    @Autowired CustomerRepository customers;
    @Autowired RoutingDataSource router;
    @Autowired CustomerService service;
    @Autowired AsyncGate gate;

    /** @return how many held replica connections one read-then-write request switches */
    abstract long switchesPerReadThenWrite();

    @BeforeEach
    void freshMonitor() throws Exception {
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
    }

    @AfterEach
    void resumeReplayAndCheckNoScopeLeft() {
        db().resumeReplay(0);
        db().awaitReplay(0, Duration.ofSeconds(10));
        assertThat(Routing.currentRoute()).isNull();
    }

    private static JdbcTemplate primary() {
        return new JdbcTemplate(new DriverManagerDataSource(db().primaryJdbcUrl(), db().username(),
                db().password()));
    }

    private static String unique() {
        return "c-" + UUID.randomUUID();
    }

    private static long idFrom(MvcResult created) {
        String location = created.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/customers/");
        return Long.parseLong(location.substring("/customers/".length()));
    }

    @Test
    void repositoryReadsRunOnTheStandby() throws Exception {
        mvc.perform(get("/status/db-node")).andExpect(content().string("standby1"));
        assertThat(customers.servedBy()).isEqualTo("standby1");
    }

    @Test
    void postRedirectGetShowsTheUsersOwnWriteWhileTheStandbyIsBehind() throws Exception {
        db().pauseReplay(0);
        String name = unique();
        long switches = router.heldConnectionSwitches();

        MvcResult created = mvc.perform(post("/customers").param("name", name))
                .andExpect(status().is3xxRedirection()).andReturn();
        long id = idFrom(created);

        // The write reached the primary (and, replay paused, not the standby).
        assertThat(primary().queryForObject("select name from shop_customer where id = ?",
                String.class, id)).isEqualTo(name);
        assertThat(router.heldConnectionSwitches() - switches).isEqualTo(switchesPerReadThenWrite());

        Cookie token = created.getResponse().getCookie(ConsistencyTokenFilter.DEFAULT_COOKIE);
        assertThat(token).as("token cookie").isNotNull();
        assertThat(token.isHttpOnly()).isTrue();
        assertThat(token.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(token.getSecure()).isFalse();
        assertThat(token.getPath()).isEqualTo("/");

        // The browser follows the redirect with its cookie: it sees its own write...
        mvc.perform(get("/customers/" + id).cookie(token)).andExpect(status().isOk())
                .andExpect(content().string(name));
        // ...and another user, reading from the standby, does not (yet).
        mvc.perform(get("/customers/" + id)).andExpect(status().isNotFound());
        mvc.perform(get("/status/db-node")).andExpect(content().string("standby1"));
    }

    @Test
    void aModifyingQueryAfterARead() throws Exception {
        long id = idFrom(mvc.perform(post("/customers").param("name", unique()))
                .andExpect(status().is3xxRedirection()).andReturn());
        db().awaitReplay(0, Duration.ofSeconds(10));
        db().pauseReplay(0);
        String renamed = unique();

        MvcResult result = mvc.perform(post("/customers/" + id + "/name").param("name", renamed))
                .andExpect(status().is3xxRedirection()).andReturn();

        Cookie token = result.getResponse().getCookie(ConsistencyTokenFilter.DEFAULT_COOKIE);
        mvc.perform(get("/customers/" + id).cookie(token)).andExpect(content().string(renamed));
        assertThat(primary().queryForObject("select name from shop_customer where id = ?",
                String.class, id)).isEqualTo(renamed);
    }

    @Test
    void aReadYourWritesReadAfterAReadOnTheStandbyInTheSameRequestSeesTheWrite() throws Exception {
        long id = service.register(unique());
        db().awaitReplay(0, Duration.ofSeconds(10));
        db().pauseReplay(0);
        String renamed = unique();

        // The request's first read is on the standby (with open-in-view its connection is held
        // for the request); the rename then commits on the primary; the read-your-writes read
        // that follows must not be answered by the held standby connection.
        mvc.perform(post("/customers/" + id + "/quick-rename").param("name", renamed))
                .andExpect(status().isOk()).andExpect(content().string(renamed + "@primary"));
    }

    @Test
    void aPlainReadAfterTheRequestsOwnWriteSeesItOnAHeldStandbyConnection() throws Exception {
        long id = service.register(unique());
        db().awaitReplay(0, Duration.ofSeconds(10));
        db().pauseReplay(0);
        String renamed = unique();

        // First read on the standby (open-in-view holds that connection), the rename commits on
        // the primary through another connection, then a plain repository read (no annotation)
        // must see the request's own write: not from the held, paused standby connection.
        mvc.perform(post("/customers/" + id + "/rename-and-show").param("name", renamed))
                .andExpect(status().isOk()).andExpect(content().string(renamed + "@primary"));
        // Another session still reads the paused standby, which proves the read above was routed.
        assertThat(Routing.session(() -> customers.nameAndNode(id))).endsWith("@standby1")
                .doesNotStartWith(renamed);
    }

    @Test
    void aWriteInAnAsyncHandlerIsExportedWithTheResponse() throws Exception {
        db().pauseReplay(0);
        String name = unique();
        // The handler's task writes only after the container thread has left the filter: the
        // token must still go out, with the asynchronous dispatch.
        gate.close();
        MvcResult started;
        try {
            started = mvc.perform(post("/customers/async").param("name", name))
                    .andExpect(request().asyncStarted()).andReturn();
            assertThat(primary().queryForObject("select count(*) from shop_customer"
                    + " where name = ?", Long.class, name)).as("not written yet").isZero();
        } finally {
            gate.open();
        }
        MvcResult done = mvc.perform(asyncDispatch(started))
                .andExpect(status().is3xxRedirection()).andReturn();

        Cookie token = done.getResponse().getCookie(ConsistencyTokenFilter.DEFAULT_COOKIE);
        assertThat(token).as("token cookie of the asynchronous dispatch").isNotNull();
        mvc.perform(get("/customers/" + idFrom(done)).cookie(token))
                .andExpect(content().string(name));
    }

    @Test
    void aSecureRequestGetsASecureCookie() throws Exception {
        MvcResult created = mvc.perform(post("/customers").param("name", unique()).secure(true))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(created.getResponse().getCookie(ConsistencyTokenFilter.DEFAULT_COOKIE)
                .getSecure()).isTrue();
    }

    @Test
    void whileThePrimaryIsReadOnlyWritesAre503AndReadsKeepWorking() throws Exception {
        long id = service.register(unique());
        db().setPrimaryReadOnly(true);
        try {
            awaitWritesUnavailable(true);
            mvc.perform(post("/customers").param("name", unique()))
                    .andExpect(status().isServiceUnavailable());
            assertThatThrownBy(() -> customers.save(new Customer(unique())))
                    .isInstanceOf(WritesUnavailableDataAccessException.class);
            // Writes with no routing annotation: a plain @Transactional service.
            mvc.perform(post("/customers/" + id + "/service-name").param("name", unique()))
                    .andExpect(status().isServiceUnavailable());
            assertThatThrownBy(() -> service.register(unique()))
                    .as("persist (insert at once)")
                    .isInstanceOf(WritesUnavailableDataAccessException.class);
            assertThatThrownBy(() -> service.rename(id, unique()))
                    .as("entity flushed at commit")
                    .isInstanceOf(WritesUnavailableDataAccessException.class);
            assertThatThrownBy(() -> service.renameWithJdbc(id, unique()))
                    .as("JdbcTemplate update in a read-write transaction")
                    .isInstanceOf(WritesUnavailableDataAccessException.class);
            // Outside any transaction: autocommit JdbcTemplate updates, from a controller and
            // from a service, are seen by no method advice.
            mvc.perform(post("/customers/" + id + "/jdbc-name").param("name", unique()))
                    .andExpect(status().isServiceUnavailable());
            assertThatThrownBy(() -> service.renameWithJdbcAutocommit(id, unique()))
                    .as("autocommit JdbcTemplate update outside any transaction")
                    .isInstanceOf(WritesUnavailableDataAccessException.class)
                    .hasRootCauseInstanceOf(java.sql.SQLException.class);
            mvc.perform(get("/status/db-node")).andExpect(content().string("standby1"));
        } finally {
            db().setPrimaryReadOnly(false);
            awaitWritesUnavailable(false);
        }
    }

    /** Polls the router, one monitor round at a time, until writes-unavailable is {@code mode}. */
    private void awaitWritesUnavailable(boolean mode) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (router.writesUnavailable() != mode) {
            assertThat(System.nanoTime() - deadline).as("writes-unavailable=" + mode + " within 30 s")
                    .isNegative();
            assertThat(router.awaitMonitor(1, 5_000)).as("the monitor keeps probing").isTrue();
        }
    }
}
