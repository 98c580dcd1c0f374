package io.cqrsrouting.core.event;

import io.cqrsrouting.core.RoutingListener;
import io.cqrsrouting.core.RoutingEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.FallbackReason;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/**
 * A listener adds no allocation to {@code getConnection()}: the bytes allocated per call are the
 * same with and without one (the router's connection wrapper is all there is in both cases).
 */
class PerCallCostTest {

    private static final int CALLS = 100_000;

    /** Hands out one shared connection that ignores everything: the database stays out of it. */
    private static final class StubDataSource implements DataSource {
        private final Connection connection = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);

        @Override
        public Connection getConnection() {
            return connection;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return null;
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /** Counts like a metrics listener would. */
    private static final class Counting implements RoutingListener {
        final LongAdder routed = new LongAdder();

        @Override
        public void onEvent(RoutingEvent event) {
        }

        @Override
        public void routed(RoutingIntent intent, Route route, String endpoint) {
            routed.increment();
        }

        @Override
        public void fallback(RoutingIntent intent, FallbackReason reason) {
        }
    }

    @Test
    void aListenerAddsNoAllocationPerCall() throws Exception {
        try (RoutingDataSource router = RoutingDataSource.builder()
                .primary(new StubDataSource()).replica(new StubDataSource()).monitor(false)
                .build()) {
            double without = bytesPerCall(router);
            Counting counting = new Counting();
            router.addListener(counting);
            double with = bytesPerCall(router);

            assertThat(counting.routed.sum()).isEqualTo(2L * 2 * CALLS);
            assertThat(with).as("bytes per call with a listener, vs %s without", without)
                    .isLessThanOrEqualTo(without + 1);
        }
    }

    private static double bytesPerCall(RoutingDataSource router) throws Exception {
        run(router); // warm up
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        run(router);
        return (threads.getThreadAllocatedBytes(id) - before) / (double) CALLS;
    }

    private static void run(RoutingDataSource router) throws Exception {
        Routing.query(() -> {
            for (int i = 0; i < CALLS; i++) {
                router.getConnection().close();
            }
            return null;
        });
        for (int i = 0; i < CALLS; i++) {
            router.getConnection().close();
        }
    }
}
