package io.cqrsrouting.spring.web;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across requests and application instances through the filter: instance A
 * takes a write with the standby's replay paused; instance B, given A's token in the header,
 * reads the row from the primary; without the token it reads the stale standby.
 */
class ConsistencyTokenFilterTest {

    private static final String HEADER = ConsistencyTokenFilter.DEFAULT_HEADER;
    private static PostgresReplicaSet set;
    private static RoutingDataSource instanceA;
    private static RoutingDataSource instanceB;

    @BeforeAll
    static void start() throws Exception {
        set = PostgresReplicaSet.start(1);
        instanceA = router();
        instanceB = router();
        new JdbcTemplate(instanceA).execute("CREATE TABLE notes (id bigint PRIMARY KEY)");
        set.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(instanceA.awaitMonitor(2, 10_000)).isTrue();
        assertThat(instanceB.awaitMonitor(2, 10_000)).isTrue();
    }

    private static RoutingDataSource router() {
        return RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password()).build();
    }

    @AfterAll
    static void stop() {
        instanceA.close();
        instanceB.close();
        set.close();
    }

    private static String readOwnWrite(RoutingDataSource ds, long id) {
        return Routing.consistent(Consistent.Level.READ_YOUR_WRITES, 0, () ->
                new JdbcTemplate(ds).queryForObject("SELECT current_setting('cluster_name') || ':'"
                        + " || EXISTS (SELECT 1 FROM notes WHERE id = ?)", String.class, id));
    }

    private static MockHttpServletResponse request(RoutingDataSource ds, String token,
            Runnable handler) throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("GET", "/");
        if (token != null) {
            req.addHeader(HEADER, token);
        }
        MockHttpServletResponse res = new MockHttpServletResponse();
        new ConsistencyTokenFilter(ds, HEADER, "ryw").doFilter(req, res, (rq, rs) -> {
            handler.run();
            rs.getWriter().write("ok");
        });
        return res;
    }

    @Test
    void tokenFromOneInstanceGivesReadYourWritesOnAnother() throws Exception {
        set.pauseReplay(0);
        try {
            MockHttpServletResponse write = request(instanceA, null, () -> Routing.command(() ->
                    new JdbcTemplate(instanceA).update("INSERT INTO notes VALUES (1)")));
            String token = write.getHeader(HEADER);
            assertThat(token).isNotBlank();
            assertThat(write.getCookie("ryw").getValue()).isEqualTo(token);

            AtomicReference<String> withToken = new AtomicReference<>();
            request(instanceB, token, () -> withToken.set(readOwnWrite(instanceB, 1)));
            assertThat(withToken.get()).isEqualTo("primary:true");

            AtomicReference<String> without = new AtomicReference<>();
            MockHttpServletResponse read = request(instanceB, null,
                    () -> without.set(readOwnWrite(instanceB, 1)));
            assertThat(without.get()).isEqualTo("standby1:false");
            assertThat(read.getHeader(HEADER)).isNull();
        } finally {
            set.resumeReplay(0);
        }
    }

    @Test
    void malformedTokenIsIgnoredAndTheRequestSucceeds() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        MockHttpServletResponse res = request(instanceB, "1.not-a-token%%",
                () -> seen.set(readOwnWrite(instanceB, 42)));
        assertThat(res.getStatus()).isEqualTo(200);
        assertThat(seen.get()).endsWith(":false");
    }

    @Test
    void sessionEndsWithTheRequest() throws Exception {
        // In a session of its own, this thread has written nothing (its setup's DDL counted for
        // the thread's session): what the request wrote ends with the request.
        assertThat(Routing.session(() -> {
            request(instanceA, null, () -> Routing.command(() ->
                    new JdbcTemplate(instanceA).update("INSERT INTO notes VALUES (2)")));
            return instanceA.exportToken();
        })).isNull();
    }
}
