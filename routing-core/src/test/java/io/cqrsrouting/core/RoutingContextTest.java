package io.cqrsrouting.core;

import io.cqrsrouting.core.RoutingContext;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingContextTest {

    private static final RoutingIntent QUERY = RoutingIntent.query().withOrigin("Reports.list");
    private static final RoutingIntent COMMAND = RoutingIntent.command().withOrigin("Orders.place");

    @AfterEach
    void nothingLeftBehind() {
        assertThat(RoutingContext.current().depth()).isZero();
    }

    @Test
    void queryInsideCommandStaysOnPrimary() {
        Routing.command(() -> {
            assertThat(Routing.query(Routing::currentRoute)).isEqualTo(Route.PRIMARY);
            return null;
        });
    }

    @Test
    void commandInsideQueryRunsOnPrimaryAndOuterScopeIsRestored() {
        Routing.query(() -> {
            assertThat(Routing.command(Routing::currentRoute)).isEqualTo(Route.PRIMARY);
            assertThat(Routing.currentRoute()).isEqualTo(Route.REPLICA);
            return null;
        });
    }

    @Test
    void anExceptionLeavesNoRouteBehind() {
        assertThatThrownBy(() -> Routing.query(() -> Routing.command(() -> {
            throw new IllegalStateException("boom");
        }))).hasMessage("boom");
        assertThat(Routing.currentRoute()).isNull();
    }

    @Test
    void commandInsideReplicaBoundTransactionFailsNamingTheMethod() {
        int mark = RoutingSpi.enter(QUERY);
        try {
            assertThatThrownBy(() -> RoutingSpi.enter(COMMAND, Route.REPLICA))
                    .isInstanceOf(RouteConflictException.class)
                    .hasMessageContaining("Orders.place")
                    .hasMessageContaining("Reports.list")
                    .hasMessageContaining("bound to a replica");
            assertThat(Routing.currentRoute()).isEqualTo(Route.REPLICA);
        } finally {
            RoutingSpi.exit(mark);
        }
    }

    @Test
    void queryInsidePrimaryBoundTransactionStaysOnPrimary() {
        int mark = RoutingSpi.enter(QUERY, Route.PRIMARY);
        try {
            assertThat(Routing.currentRoute()).isEqualTo(Route.PRIMARY);
        } finally {
            RoutingSpi.exit(mark);
        }
    }

    @Test
    void deepNestingGrowsTheStackAndUnwindsCompletely() {
        int mark = RoutingSpi.enter(QUERY);
        for (int i = 0; i < 100; i++) {
            RoutingSpi.enter(i % 2 == 0 ? QUERY : RoutingIntent.consistent());
        }
        assertThat(RoutingContext.current().depth()).isEqualTo(101);
        RoutingSpi.exit(mark);
    }

    @Test
    void wrappedTaskCarriesScopeAndPooledThreadIsCleanAfterwards() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Route> inside = new AtomicReference<>();
            Routing.query(() -> pool.submit(Routing.wrap(() -> inside.set(Routing.currentRoute())))
                    .get());
            assertThat(inside.get()).isEqualTo(Route.REPLICA);
            assertThat(pool.submit(Routing::currentRoute).get()).isNull();
            assertThat(pool.submit(() -> RoutingContext.current().depth()).get()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrappedExecutorCarriesScopeToVirtualThreads() throws Exception {
        ExecutorService virtual;
        try {
            // Virtual threads exist from Java 21; the library targets 17, so reach them reflectively.
            virtual = (ExecutorService) Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException olderJdk) {
            org.junit.jupiter.api.Assumptions.abort("virtual threads need Java 21+");
            return;
        }
        try {
            AtomicReference<Route> inside = new AtomicReference<>();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Routing.command(() -> {
                Routing.wrap((java.util.concurrent.Executor) virtual).execute(() -> {
                    inside.set(Routing.currentRoute());
                    done.countDown();
                });
                return null;
            });
            done.await();
            assertThat(inside.get()).isEqualTo(Route.PRIMARY);
        } finally {
            virtual.shutdown();
        }
    }
}
