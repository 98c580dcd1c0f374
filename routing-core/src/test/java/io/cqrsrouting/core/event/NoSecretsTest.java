package io.cqrsrouting.core.event;

import io.cqrsrouting.core.RoutingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * With the password inside the JDBC URLs (the hardest case), no event, log line, status or
 * {@code toString()} shows it, through start-up, a dead endpoint and writes-unavailable mode.
 */
class NoSecretsTest {

    private final PostgresReplicaSet set = PostgresReplicaSet.shared(1);

    @Test
    void thePasswordAppearsNowhere() throws Exception {
        String secret = set.password();
        Events heard = new Events();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple (the test binding) writes to whatever System.err is at the time.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (RoutingDataSource router = RoutingDataSource.builder()
                .primary(withPassword(set.primaryJdbcUrl()), set.username(), null)
                .replica(withPassword(set.standbyJdbcUrl(0)), set.username(), null)
                .replica(withPassword("jdbc:postgresql://127.0.0.1:" + deadPort() + "/postgres"),
                        set.username(), null)
                .monitorInterval(Duration.ofMillis(50)).probeTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(1)).listener(heard).build()) {
            assertThat(router.awaitMonitor(2, 10_000)).isTrue();
            for (int i = 0; i < 6; i++) {
                Routing.query(() -> {
                    try (Connection c = router.getConnection()) {
                        return c.isValid(1);
                    }
                });
            }
            set.setPrimaryReadOnly(true);
            try {
                Events.await(router::writesUnavailable, 10_000);
            } finally {
                set.setPrimaryReadOnly(false);
            }
            Events.await(() -> !router.writesUnavailable(), 10_000);

            assertThat(heard.events).extracting(RoutingEvent::kind).contains(
                    RoutingEvent.Kind.ENDPOINT_DOWN, RoutingEvent.Kind.WRITES_UNAVAILABLE_ENTERED,
                    RoutingEvent.Kind.WRITES_UNAVAILABLE_LEFT);
            assertThat(heard.events.toString()).doesNotContain(secret);
            assertThat(router.toString()).doesNotContain(secret).contains("password=****");
            assertThat(router.name()).doesNotContain(secret);
            assertThat(router.endpoints()).extracting(EndpointStatus::toString)
                    .allSatisfy(s -> assertThat(s).doesNotContain(secret));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("writes unavailable").contains("is unreachable")
                .doesNotContain(secret);
    }

    private String withPassword(String url) {
        return url + (url.contains("?") ? "&" : "?") + "password=" + set.password();
    }

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
