package io.cqrsrouting.jooq;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import org.jooq.RecordContext;
import org.jooq.RecordListener;

/**
 * Makes {@code UpdatableRecord.refresh()} a read-your-writes read when no explicit scope is open:
 * it is served by a replica that has replayed the caller's writes, else by the primary.
 *
 * <p>Why: a refresh re-reads a row the caller usually has just stored (to pick up defaults and
 * trigger-set columns). As a plain read it would go to a replica, which may not have the row yet:
 * {@code store()} then {@code refresh()} failed with {@code NoDataFoundException} under lag. The
 * store's commit is the caller's write, so read-your-writes is the consistency a refresh needs, and
 * it still offloads the read once the replica has caught up. An explicit scope around the refresh
 * ({@code Routing.query(...)}, {@code @Command}, ...) decides instead.
 */
final class RefreshListener implements RecordListener {

    private static final long serialVersionUID = 1L;

    static final RoutingIntent REFRESH = RoutingIntent.consistent(Consistent.Level.READ_YOUR_WRITES, 0)
            .withOrigin("jOOQ record refresh");

    private static final Object MARK = RefreshListener.class;

    @Override
    public void refreshStart(RecordContext ctx) {
        if (Routing.currentIntent() == null) {
            ctx.data(MARK, Routing.enter(REFRESH));
        }
    }

    @Override
    public void refreshEnd(RecordContext ctx) {
        leave(ctx);
    }

    @Override
    public void exception(RecordContext ctx) {
        leave(ctx);
    }

    private static void leave(RecordContext ctx) {
        Object mark = ctx.data(MARK, null);
        if (mark instanceof Integer) {
            Routing.exit((Integer) mark);
        }
    }
}
