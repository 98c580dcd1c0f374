package io.cqrsrouting.mybatis;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import org.apache.ibatis.cache.CacheKey;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;

/**
 * Routes the statements of one MyBatis session (one {@link Executor}): decides each statement's
 * route, opens the session's connection inside a scope of that route when this statement is the
 * one that opens it, and hands the decision to {@link ConnectionSwitch} for the prepare step.
 */
@Intercepts({
    @Signature(type = Executor.class, method = "query", args = {MappedStatement.class,
        Object.class, RowBounds.class, ResultHandler.class}),
    @Signature(type = Executor.class, method = "query", args = {MappedStatement.class,
        Object.class, RowBounds.class, ResultHandler.class, CacheKey.class, BoundSql.class}),
    @Signature(type = Executor.class, method = "queryCursor", args = {MappedStatement.class,
        Object.class, RowBounds.class}),
    @Signature(type = Executor.class, method = "update", args = {MappedStatement.class,
        Object.class}),
    @Signature(type = Executor.class, method = "close", args = {boolean.class})
})
final class SessionRouter implements Interceptor {

    private final StatementTypes types;
    private SessionConnections connections;

    SessionRouter(StatementTypes types) {
        this.types = types;
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        Executor executor = (Executor) invocation.getTarget();
        if ("close".equals(invocation.getMethod().getName())) {
            try {
                return invocation.proceed();
            } finally {
                if (connections != null) {
                    connections.close();
                }
            }
        }
        Object[] args = invocation.getArgs();
        MappedStatement ms = (MappedStatement) args[0];
        SessionConnections session = sessionOf(executor, ms);

        boolean update = isUpdate(invocation);
        RoutingIntent explicit = StatementTypes.explicitIntent();
        RoutingIntent statement = null;
        Route needed;
        boolean mustBePrimary;
        boolean consistent = false;
        if (explicit == null) {
            statement = types.intentOf(ms, args, update);
            needed = statement.needsPrimary() ? Route.PRIMARY : Route.REPLICA;
            mustBePrimary = statement == StatementTypes.WRITE;
        } else if (explicit.kind() != RoutingIntent.Kind.COMMAND
                && types.intentOf(ms, args, update) == StatementTypes.WRITE) {
            // A write in a read scope runs on the primary, like a @Command inside a @Query; in a
            // transaction bound to a replica it fails before it is sent.
            statement = StatementTypes.WRITE;
            needed = Route.PRIMARY;
            mustBePrimary = true;
        } else {
            needed = Routing.currentRoute();
            mustBePrimary = explicit.kind() == RoutingIntent.Kind.COMMAND
                    || explicit.kind() == RoutingIntent.Kind.CONSISTENT
                    && explicit.level() == Consistent.Level.PRIMARY;
            consistent = explicit.kind() == RoutingIntent.Kind.CONSISTENT
                    && explicit.level() == Consistent.Level.READ_YOUR_WRITES;
        }
        if (update) {
            session.afterUpdate();
        } else {
            if (session.beforeQuery(needed, consistent)) {
                executor.clearLocalCache();
            }
            if (session.mayRunOnReplica(needed, consistent)) {
                // A shared (second-level) cache is neither read nor filled by replica reads.
                args[0] = types.bypassingSharedCache(ms);
            }
        }
        // A statement-type statement runs in a scope of its type: the one that may open the
        // session's connection opens it there, and a held connection is used under the route the
        // statement asked for. A transaction's first statement enters none: the transaction
        // starts where the caller's scope says. The prepare step (or the end of the call) leaves it.
        int mark = statement != null && session.mayScopeStatements()
                ? RoutingSpi.enter(statement) : -1;
        StatementFrame frame = StatementFrame.push(session, ms.getId(), needed, statement,
                mustBePrimary, consistent, session.watchPrepare(needed), mark);
        try {
            return invocation.proceed();
        } finally {
            frame.pop();
        }
    }

    private static boolean isUpdate(Invocation invocation) {
        return "update".equals(invocation.getMethod().getName());
    }

    private SessionConnections sessionOf(Executor executor, MappedStatement ms) {
        // A selectKey runs on a separate executor over the same transaction, inside the insert:
        // it shares the insert's connections.
        StatementFrame outer = StatementFrame.current();
        if (outer != null && outer.connections.belongsTo(executor.getTransaction())) {
            return outer.connections;
        }
        if (connections == null) {
            connections = new SessionConnections(executor.getTransaction(),
                    StatementTypes.routerOf(ms.getConfiguration()));
        }
        return connections;
    }
}
