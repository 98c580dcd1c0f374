package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the route of the connection that Spring has bound to the current thread's transaction for
 * a {@link RoutingDataSource} (the key under which {@code DataSourceTransactionManager},
 * {@code JpaTransactionManager} and {@code DataSourceUtils} bind it).
 */
final class BoundRoutes {

    private static final RoutingDataSource[] NONE = new RoutingDataSource[0];

    private volatile ListableBeanFactory beanFactory;
    private volatile RoutingDataSource[] routers;
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
            routers = factory.getBeansOfType(RoutingDataSource.class).values()
                    .toArray(NONE);
        }
        complete = true;
    }

    /**
     * @return the route of the connection bound for one of the routers ({@link Route#REPLICA} if
     *     any is bound to a replica), or {@code null} if none is bound
     */
    Route current() {
        // Fast path, no transaction and no synchronization: nothing can be bound.
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Route found = null;
        for (RoutingDataSource router : routers()) {
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

    private RoutingDataSource[] routers() {
        if (complete) {
            return routers;
        }
        ListableBeanFactory factory = beanFactory;
        if (factory == null) {
            return routers;
        }
        // Still starting up: look at what exists now, without creating anything early.
        return factory.getBeansOfType(RoutingDataSource.class, false, false).values()
                .toArray(NONE);
    }
}
