package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

import java.sql.Connection;
import java.util.Objects;

/**
 * A {@link ConnectionProvider} that acquires each statement's connection inside a routing scope of
 * that statement's type, as decided by the {@link RoutingExecuteListener}.
 *
 * <p>It wraps the provider that really hands out connections: a
 * {@link org.jooq.impl.DataSourceConnectionProvider} over a
 * {@link io.cqrsrouting.core.RoutingDataSource}, or Spring's transaction-aware one. An explicit
 * scope ({@code @Command}, {@code @Query}, {@code @Consistent}, {@link Routing}) on the thread
 * wins for reads: then the connection is acquired in that scope, untouched; a write in a scope that
 * is not a command is acquired in a command scope (a write never runs on a replica; in a transaction
 * bound to a replica it fails before it is prepared). Inside a jOOQ transaction
 * jOOQ does not call this provider per statement (the transaction's connection is used); inside a
 * Spring transaction the delegate returns the transaction's connection whatever the scope.
 * Acquisitions that are not for a statement (a transaction's begin, {@code DSLContext.connection})
 * take the router's default route.
 */
public final class RoutingConnectionProvider implements ConnectionProvider {

    private final ConnectionProvider delegate;

    /**
     * @param delegate the provider whose connections come from a {@code RoutingDataSource}
     */
    public RoutingConnectionProvider(ConnectionProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Connection acquire() throws DataAccessException {
        RoutingIntent intent = PendingRoute.take();
        RoutingIntent explicit = Routing.currentIntent();
        if (intent == null || explicit != null && (intent != RoutingExecuteListener.WRITE
                || explicit.kind() == RoutingIntent.Kind.COMMAND)) {
            return delegate.acquire();
        }
        int mark = RoutingSpi.enter(intent);
        boolean acquired = false;
        try {
            Connection c = delegate.acquire();
            // Spring's TransactionAwareDataSourceProxy (Boot's jOOQ set-up) hands out a lazy handle
            // that gets its connection on first use: make that happen now, inside the scope.
            RoutingSpi.routeOf(c);
            acquired = true;
            return c;
        } finally {
            if (acquired) {
                // The statement is prepared on it in the same scope; the listener leaves it then.
                PendingRoute.scope(mark);
            } else {
                RoutingSpi.exit(mark);
            }
        }
    }

    @Override
    public void release(Connection connection) throws DataAccessException {
        delegate.release(connection);
    }

    /** @return the wrapped provider */
    public ConnectionProvider delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "RoutingConnectionProvider[" + delegate + "]";
    }
}
