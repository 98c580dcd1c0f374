package io.cqrsrouting.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/**
 * What seeing every write costs per statement: a replica statement allocates nothing beyond the
 * connection wrapper (statements of replica connections are not wrapped); a primary statement
 * allocates its one wrapper, which lets autocommit writes and commits through
 * {@code statement.getConnection()} count for read-your-writes.
 */
class StatementCostTest {

    private static final int CALLS = 100_000;
    private static final String SQL = "SELECT id, name FROM customer WHERE id = ?";

    /** Hands out one shared connection and statement that ignore everything. */
    private static final class Stub implements DataSource {
        private final PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
        private final Connection connection = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("prepareStatement") ? statement
                        : method.getReturnType() == boolean.class ? false : null);

        @Override public Connection getConnection() { return connection; }
        @Override public Connection getConnection(String u, String p) { return connection; }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return null; }
        @Override public <T> T unwrap(Class<T> iface) { return null; }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }

    @Test
    void replicaStatementsCostNothingAndPrimaryStatementsOneSmallWrapper() throws Exception {
        Stub driver = new Stub();
        // What the stub driver itself allocates for a statement (its proxy's argument array).
        double stubStatement = bytesPerCall(() -> driver.connection.prepareStatement(SQL).close());
        try (RoutingDataSource router = RoutingDataSource.builder().primary(new Stub())
                .replica(new Stub()).monitor(false).build()) {
            double replica = bytesPerCall(() -> Routing.query(() -> prepareAndClose(router)));
            double primary = bytesPerCall(() -> Routing.command(() -> prepareAndClose(router)));
            double connectionOnly = bytesPerCall(() -> Routing.query(() -> {
                router.getConnection().close();
                return null;
            }));
            System.out.printf("bytes per call: connection %.1f, + replica statement %.1f,"
                    + " + primary statement %.1f (the stub driver's own statement: %.1f)%n",
                    connectionOnly, replica, primary, stubStatement);
            // slack below one object (16 B): averages over JIT and GC noise moved it by ~3 B once
            assertThat(replica).isLessThanOrEqualTo(connectionOnly + stubStatement + 8);
            assertThat(primary - replica).isBetween(8.0, 48.0);
        }
    }

    private static Object prepareAndClose(RoutingDataSource router) throws Exception {
        Connection c = router.getConnection();
        c.prepareStatement(SQL).close();
        c.close();
        return null;
    }

    interface Call {
        void run() throws Exception;
    }

    private static double bytesPerCall(Call call) throws Exception {
        for (int i = 0; i < CALLS; i++) {
            call.run(); // warm-up
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / (double) CALLS;
    }
}
