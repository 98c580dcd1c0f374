package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the route of the connection that Spring has bound to the current thread's transaction for
 * a {@link RoutingDataSource} (the key under which {@code DataSourceTransactionManager},
 * {@code JpaTransactionManager} and {@code DataSourceUtils} bind it). That key is the
 * {@code DataSource} bean itself, which may be a wrapper around the router (a tracing proxy such
 * as datasource-micrometer's, installed by a bean post-processor): every {@code DataSource} bean
 * that is, or unwraps to, a router is a key.
 */
final class BoundRoutes {

    private static final DataSource[] NONE = new DataSource[0];

    private volatile ListableBeanFactory beanFactory;
    /** The keys under which Spring binds connections of a router: routers and their wrappers. */
    private volatile DataSource[] routers;
    /** True once the set of routers can no longer change (all singletons created). */
    private volatile boolean complete;

    BoundRoutes() {
        this.routers = NONE;
    }

    BoundRoutes(RoutingDataSource[] routers) {
        this.routers = routers.clone();
        this.complete = true;
    }

    void attach(ListableBeanFactory factory) {
        this.beanFactory = factory;
    }

    /** Called once every singleton exists: from now on the routers are looked up only here. */
    void complete() {
        ListableBeanFactory factory = beanFactory;
        if (factory != null) {
            routers = routingKeys(factory, true);
        }
        complete = true;
    }

    /**
     * @return the route of the connection bound for one of the routers ({@link Route#REPLICA} if
     *     any is bound to a replica), or {@code null} if none is bound
     */
    Route current() {
        DataSource[] keys = routers();
        if (keys.length == 1) {
            // One router: one thread-local read (Spring keeps no resource map while none is bound).
            return routeOf(TransactionSynchronizationManager.getResource(keys[0]));
        }
        // Fast path, no transaction and no synchronization: nothing can be bound.
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Route found = null;
        for (DataSource router : keys) {
            Object resource = TransactionSynchronizationManager.getResource(router);
            if (resource instanceof ConnectionHolder holder
                    && holder.getConnectionHandle() != null) {
                Route route = RoutingSpi.routeOf(holder.getConnection());
                if (route == Route.REPLICA) {
                    return route;
                }
                if (route != null) {
                    found = route;
                }
            }
        }
        return found;
    }

    private static Route routeOf(Object resource) {
        if (resource instanceof ConnectionHolder holder && holder.getConnectionHandle() != null) {
            return RoutingSpi.routeOf(holder.getConnection());
        }
        return null;
    }

    private DataSource[] routers() {
        if (complete) {
            return routers;
        }
        ListableBeanFactory factory = beanFactory;
        if (factory == null) {
            return routers;
        }
        // Still starting up: look at what exists now, without creating anything early.
        return routingKeys(factory, false);
    }

    private static DataSource[] routingKeys(ListableBeanFactory factory, boolean eagerInit) {
        return factory.getBeansOfType(DataSource.class, false, eagerInit).values().stream()
                .filter(BoundRoutes::isRouter).distinct().toArray(DataSource[]::new);
    }

    private static boolean isRouter(DataSource ds) {
        if (ds instanceof RoutingDataSource) {
            return true;
        }
        try {
            return ds.isWrapperFor(RoutingDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
