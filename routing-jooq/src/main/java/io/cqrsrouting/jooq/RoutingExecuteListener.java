package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.StatementClassifier;
import org.jooq.DDLQuery;
import org.jooq.Delete;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Insert;
import org.jooq.Merge;
import org.jooq.Query;
import org.jooq.Update;

/**
 * Decides, for each jOOQ execution, whether a replica may serve it, and hands the decision to the
 * {@link RoutingConnectionProvider} that acquires the connection for it.
 *
 * <p>A plain {@code SELECT} (also in plain SQL) may go to a replica; {@code INSERT}, {@code UPDATE},
 * {@code DELETE} and {@code MERGE} (with or without {@code RETURNING}), {@code SELECT ... FOR
 * UPDATE/SHARE}, DDL, routine calls, batches and any SQL text that is not a read go to the primary
 * (see {@link StatementClassifier}). The decision applies when no explicit routing scope is open on
 * the thread, and to writes in a read scope (they run on the primary, like a {@code @Command}
 * inside a {@code @Query}); the provider checks that. A write about to run in a transaction bound
 * to a replica fails with a {@link RouteConflictException} before it is prepared.
 *
 * <p>On PostgreSQL jOOQ runs a <em>function</em> routine as {@code SELECT ... FROM fn(...)}, which
 * is routed like any {@code SELECT}: wrap a function that writes in {@code Routing.command(...)}.
 * Procedures run as calls and go to the primary.
 *
 * <p>Stateless; one instance serves every configuration and thread. Register it together with a
 * {@link RoutingConnectionProvider}, or let {@link JooqRouting} do both.
 */
public final class RoutingExecuteListener implements ExecuteListener {

    private static final long serialVersionUID = 1L;

    static final RoutingIntent READ = RoutingIntent.query().withOrigin("jOOQ read statement");
    static final RoutingIntent WRITE = RoutingIntent.command().withOrigin("jOOQ write statement");

    @Override
    public void start(ExecuteContext ctx) {
        // Batches acquire their connection without a render event: until rendering says
        // otherwise, a statement is a write.
        PendingRoute.start(WRITE);
    }

    @Override
    public void renderEnd(ExecuteContext ctx) {
        if (ctx.routine() == null) {
            RoutingIntent intent = intentOf(ctx.query(), ctx.sql());
            // The read right after a record's store (its refresh) must see that store.
            PendingRoute.set(intent == READ && PendingRoute.afterStore()
                    ? StoreListener.READ_AFTER_STORE : intent);
        }
    }

    @Override
    public void prepareStart(ExecuteContext ctx) {
        RoutingIntent statement = PendingRoute.statement();
        if (statement == WRITE && RoutingSpi.routeOf(ctx.connection()) == Route.REPLICA) {
            // Only a transaction keeps a replica connection for a write: fail before sending it.
            PendingRoute.end();
            throw new RouteConflictException("jOOQ statement '" + abbreviate(ctx.sql())
                    + "' writes, but it runs in a transaction bound to a replica"
                    + (Routing.currentIntent() != null ? " (in " + Routing.currentIntent() + ")" : "")
                    + ": a bound connection never switches. Start that transaction outside the"
                    + " query scope, or run the write in a transaction of its own.");
        }
    }

    private static String abbreviate(String sql) {
        if (sql == null) {
            return "?";
        }
        return sql.length() <= 80 ? sql : sql.substring(0, 77) + "...";
    }

    @Override
    public void prepareEnd(ExecuteContext ctx) {
        // The statement is prepared where its scope said: leave that scope before it executes, so
        // no result handling or user code runs inside it.
        PendingRoute.leaveScope();
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
        // The connection is acquired by now; never let the decision reach another acquisition.
        PendingRoute.clear();
    }

    @Override
    public void exception(ExecuteContext ctx) {
        PendingRoute.leaveScope();
    }

    @Override
    public void end(ExecuteContext ctx) {
        PendingRoute.end();
    }

    static RoutingIntent intentOf(Query query, String sql) {
        if (query instanceof Insert || query instanceof Update || query instanceof Delete
                || query instanceof Merge || query instanceof DDLQuery) {
            return WRITE;
        }
        // A typed SELECT's locking clause shows only in the rendered SQL.
        return StatementClassifier.isRead(sql) ? READ : WRITE;
    }
}
