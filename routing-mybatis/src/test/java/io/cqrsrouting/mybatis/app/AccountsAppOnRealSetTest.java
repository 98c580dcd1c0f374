package io.cqrsrouting.mybatis.app;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.mybatis.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cqrsrouting.mybatis.TestCluster.SET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The accounts application (Spring Boot, mybatis-spring, an XML mapper with {@code <cache/>}),
 * unmodified, routed by {@code cqrs.routing.*} properties alone, on the real primary + standby.
 * Every read reports the node that served it ({@code current_setting('cluster_name')} is selected
 * with the row, so a row answered from the cache still names the node that first read it); lag is
 * made exact by pausing the standby's WAL replay.
 */
class AccountsAppOnRealSetTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static ConfigurableApplicationContext app;
    private static AccountService service;
    private static AccountMapper mapper;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = DriverManager.getConnection(SET.primaryJdbcUrl(), SET.username(),
                SET.password()); Statement s = c.createStatement()) {
            s.execute("create table if not exists app_account (id bigserial primary key,"
                    + " name text unique, written_by text default current_setting('cluster_name'))");
        }
        SET.awaitReplay(0, Duration.ofSeconds(15));
        app = new SpringApplicationBuilder(AccountsApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "cqrs.routing.name=accounts",
                        "cqrs.routing.primary.url=" + SET.primaryJdbcUrl(),
                        "cqrs.routing.primary.username=" + SET.username(),
                        "cqrs.routing.primary.password=" + SET.password(),
                        "cqrs.routing.replicas[0].url=" + SET.standbyJdbcUrl(0),
                        "cqrs.routing.replicas[0].username=" + SET.username(),
                        "cqrs.routing.replicas[0].password=" + SET.password(),
                        "cqrs.routing.pool.max-size=4")
                .run();
        service = app.getBean(AccountService.class);
        mapper = app.getBean(AccountMapper.class);
        assertThat(app.getBean(RoutingDataSource.class).awaitMonitor(2, 10_000)).isTrue();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void replayOn() {
        SET.resumeReplay(0);
    }

    private static String newName() {
        return "user-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    }

    private static void caughtUp() {
        SET.awaitReplay(0, Duration.ofSeconds(15));
    }

    @Test
    void readsRunOnTheStandbyAndWritesOnThePrimary() {
        String name = newName();
        long id = service.signUp(name);
        caughtUp();
        Account read = Routing.session(() -> service.logIn(name));
        assertThat(read.getId()).isEqualTo(id);
        assertThat(read.getWrittenBy()).isEqualTo("primary");
        assertThat(read.getServedBy()).isEqualTo("standby1");
        assertThat(Routing.session(() -> service.profile(id)).getServedBy()).isEqualTo("standby1");
    }

    /** The reported bug: a failed log-in read on the lagging standby was cached for good. */
    @Test
    void aNewUserCanLogInOnceTheStandbyHasTheRow() {
        String name = newName();
        SET.pauseReplay(0);
        service.signUp(name);
        // the log-in request (a session that carries no token of the sign-up) reads the standby
        assertThat(Routing.session(() -> service.logIn(name)))
                .as("the standby has not replayed the sign-up").isNull();
        SET.resumeReplay(0);
        caughtUp();
        Account read = Routing.session(() -> service.logIn(name));
        assertThat(read).as("log-in after both nodes have the row").isNotNull();
        assertThat(read.getServedBy()).isEqualTo("standby1");
    }

    /** The reported bug: an edited row kept its old value after both nodes had the new one. */
    @Test
    void anEditedRowShowsItsNewValueOnceBothNodesHaveIt() {
        long id = service.signUp(newName());
        caughtUp();
        String before = service.profile(id).getName();
        SET.pauseReplay(0);
        String after = newName();
        service.rename(id, after);
        assertThat(Routing.session(() -> service.profile(id)).getName()).as("stale standby")
                .isEqualTo(before);
        SET.resumeReplay(0);
        caughtUp();
        Account read = Routing.session(() -> service.profile(id));
        assertThat(read.getName()).isEqualTo(after);
        assertThat(read.getServedBy()).isEqualTo("standby1");
    }

    /** The reported bug: a read-your-writes read was answered from a cache the standby filled. */
    @Test
    void aReadYourWritesReadIsNeverAnsweredFromRowsTheLaggingStandbyRead() {
        long id = service.signUp(newName());
        caughtUp();
        SET.pauseReplay(0);
        String renamed = newName();
        Routing.command(() -> {
            service.rename(id, renamed);
            return null;
        });
        assertThat(Routing.session(() -> service.profile(id)).getName()).as("stale standby")
                .isNotEqualTo(renamed);
        Account mine = Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                () -> service.profile(id));
        assertThat(mine.getName()).isEqualTo(renamed);
        assertThat(mine.getServedBy()).isEqualTo("primary");
    }

    @Test
    void consistentReadsUseTheStandbyOnceItHasReplayedTheCallersWrite() {
        long id = service.signUp(newName());
        String renamed = newName();
        Routing.command(() -> {
            service.rename(id, renamed);
            return null;
        });
        Account mine = Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 5_000,
                () -> service.profile(id));
        assertThat(mine.getName()).isEqualTo(renamed);
        assertThat(mine.getServedBy()).as("a caught-up standby serves it").isEqualTo("standby1");
    }

    @Test
    void aWriteInATransactionBoundToTheStandbyFailsBeforeItIsSent() {
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);
        JdbcTemplate jdbc = new JdbcTemplate(app.getBean(RoutingDataSource.class));
        String name = newName();
        List<String> seen = new ArrayList<>();
        Routing.query(() -> tx.execute(status -> {
            seen.add(jdbc.queryForObject("select current_setting('cluster_name')", String.class));
            assertThatThrownBy(() -> mapper.insert(new Account(name)))
                    .hasRootCauseInstanceOf(RouteConflictException.class)
                    .hasMessageContaining("AccountMapper.insert")
                    .hasMessageContaining("bound to a replica");
            // Had the INSERT reached the standby, its error would have aborted this transaction
            // (SQLState 25P02 on the next statement): it is still usable.
            seen.add(jdbc.queryForObject("select current_setting('cluster_name')", String.class));
            return null;
        }));
        assertThat(seen).containsExactly("standby1", "standby1");
        assertThat(service.logIn(name)).isNull();
    }

    @Test
    void aWriteInAQueryScopeWithoutATransactionRunsOnThePrimary() {
        String name = newName();
        Account account = new Account(name);
        Routing.query(() -> {
            mapper.insert(account);
            return null;
        });
        Account read = Routing.consistent(() -> mapper.findById(account.getId()));
        assertThat(read.getWrittenBy()).isEqualTo("primary");
    }

    /**
     * Read-your-writes after a plain {@code @Transactional} sign-up: needs the router to count
     * every commit on the primary (issue #10, item 3, core commit tracking).
     */
    @Test
    void readYourWritesAfterAPlainTransactionalInsert() {
        SET.pauseReplay(0);
        String name = newName();
        long id = service.signUp(name);
        Account mine = Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0,
                () -> service.profile(id));
        assertThat(mine).isNotNull();
        assertThat(mine.getServedBy()).isEqualTo("primary");
    }

    /**
     * What bypassing the shared cache costs a replica read: the same lookup answered from the
     * cache (a read on the primary, which may use it) against read on the standby every time.
     */
    @Test
    void measuresWhatBypassingTheSharedCacheCosts() {
        long id = service.signUp(newName());
        caughtUp();
        Routing.session(() -> measure(id)); // a session that wrote nothing: plain reads
    }

    private static Void measure(long id) {
        int n = 2_000;
        for (int i = 0; i < 200; i++) { // warm-up
            Routing.consistent(() -> service.profile(id));
            service.profile(id);
        }
        long t0 = System.nanoTime();
        String cachedBy = null;
        for (int i = 0; i < n; i++) {
            cachedBy = Routing.consistent(() -> service.profile(id)).getServedBy();
        }
        long t1 = System.nanoTime();
        String replicaBy = null;
        for (int i = 0; i < n; i++) {
            replicaBy = service.profile(id).getServedBy();
        }
        long t2 = System.nanoTime();
        assertThat(cachedBy).isEqualTo("primary");
        assertThat(replicaBy).isEqualTo("standby1");
        System.out.printf("MyBatis shared cache: primary read answered from the cache %.1f us/op,"
                + " standby read bypassing it %.1f us/op (n=%d)%n",
                (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, n);
        return null;
    }
}
