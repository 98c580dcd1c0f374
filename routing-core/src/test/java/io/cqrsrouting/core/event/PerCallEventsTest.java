package io.cqrsrouting.core.event;

import io.cqrsrouting.core.RoutingListener;
import io.cqrsrouting.core.RoutingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing decisions and fallbacks reach listeners, per call, on the real primary and standby. */
class PerCallEventsTest {

    private final PostgresReplicaSet set = PostgresReplicaSet.shared(1);
    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private final RoutingListener recorder = new RoutingListener() {
        @Override
        public void onEvent(RoutingEvent event) {
        }

        @Override
        public void routed(RoutingIntent intent, Route route, String endpoint) {
            decisions.add((intent == null ? "none" : intent.kind()) + " " + route + " " + endpoint);
        }

        @Override
        public void fallback(RoutingIntent intent, FallbackReason reason) {
            decisions.add((intent == null ? "none" : intent.kind()) + " fallback " + reason);
        }
    };
    private RoutingDataSource router;

    @BeforeEach
    void start() throws InterruptedException {
        router = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .replica(set.standbyJdbcUrl(0), set.username(), set.password())
                .monitorInterval(Duration.ofMillis(100)).build();
        assertThat(router.awaitMonitor(1, 10_000)).isTrue();
    }

    @AfterEach
    void stop() {
        router.close();
    }

    private void connect() {
        try (Connection c = router.getConnection()) {
            c.isValid(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyConnectionIsReportedWithItsScopeRouteAndEndpoint() {
        router.addListener(recorder);
        Routing.query(() -> {
            connect();
            return null;
        });
        Routing.command(() -> {
            connect();
            return null;
        });
        connect();

        assertThat(decisions).containsExactly("QUERY REPLICA replica-1", "COMMAND PRIMARY primary",
                "none PRIMARY primary");
    }

    @Test
    void aFallbackIsReportedWithItsReasonBeforeThePrimaryServesIt() throws SQLException {
        try (RoutingDataSource primaryOnly = RoutingDataSource.builder()
                .primary(set.primaryJdbcUrl(), set.username(), set.password())
                .monitor(false).listener(recorder).build()) {
            Routing.call(RoutingIntent.query().withOrigin("Reports.live"), () -> {
                try (Connection c = primaryOnly.getConnection()) {
                    return c.isValid(1);
                }
            });

            assertThat(decisions).containsExactly("QUERY fallback NO_REPLICA_CONFIGURED",
                    "QUERY PRIMARY primary");
            assertThat(primaryOnly.fallbackCount(FallbackReason.NO_REPLICA_CONFIGURED))
                    .isEqualTo(1);
        }
    }

    @Test
    void removedListenerHearsNothingMore() {
        router.addListener(recorder);
        connect();
        router.removeListener(recorder);
        connect();

        assertThat(decisions).containsExactly("none PRIMARY primary");
    }

    @Test
    void aFailingListenerNeverFailsTheCall() {
        router.addListener(new RoutingListener() {
            @Override
            public void onEvent(RoutingEvent event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void routed(RoutingIntent intent, Route route, String endpoint) {
                throw new IllegalStateException("listener bug");
            }
        });
        router.addListener(recorder);

        connect();
        connect();

        assertThat(decisions).hasSize(2);
    }
}
