package io.cqrsrouting.jooq;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.RoutingIntent;
import org.jooq.RecordContext;
import org.jooq.RecordListener;

/**
 * Makes the read that follows an {@code UpdatableRecord}'s {@code store()}, {@code insert()} or
 * {@code update()} on the same thread, typically its {@code refresh()}, a read-your-writes read:
 * a replica serves it once it has replayed the caller's writes, else the primary does.
 *
 * <p>Why: a refresh re-reads the row just stored (to pick up defaults and trigger-set columns). As
 * a plain read it would go to a replica that may not have replayed the insert yet, and
 * {@code store()} then {@code refresh()} failed with {@code NoDataFoundException} under lag. jOOQ
 * runs the refresh's {@code SELECT} before it tells record listeners about the refresh, so the
 * store is the event to act on: its commit is the caller's write, and read-your-writes is the
 * consistency the next read needs. Only that one read is affected, and only when no explicit scope
 * is open (the provider checks that).
 */
final class StoreListener implements RecordListener {

    private static final long serialVersionUID = 1L;

    /** The intent of the read right after a record was stored. */
    static final RoutingIntent READ_AFTER_STORE =
            RoutingIntent.consistent(Consistent.Level.READ_YOUR_WRITES, 0)
                    .withOrigin("jOOQ read after UpdatableRecord.store()");

    @Override
    public void storeEnd(RecordContext ctx) {
        PendingRoute.stored();
    }

    @Override
    public void insertEnd(RecordContext ctx) {
        PendingRoute.stored();
    }

    @Override
    public void updateEnd(RecordContext ctx) {
        PendingRoute.stored();
    }
}
