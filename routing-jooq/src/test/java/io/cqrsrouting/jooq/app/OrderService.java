package io.cqrsrouting.jooq.app;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static io.cqrsrouting.jooq.app.OrderTable.ORDER;
import static io.cqrsrouting.jooq.app.OrderTable.ORDER_NUMBER;

/** Orders: plain Spring and jOOQ, no routing annotation. */
@Service
public class OrderService {

    /** The node that runs a statement; selected with rows so a test can see who served them. */
    public static final Field<String> NODE =
            org.jooq.impl.DSL.field("current_setting('cluster_name')", String.class);

    private final DSLContext dsl;

    public OrderService(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Transactional
    public long place(String item) {
        return dsl.insertInto(ORDER).set(ORDER.ITEM, item).returning(ORDER.ID).fetchOne().getId();
    }

    /** @return the order's item and the node that read it, or null */
    public String[] itemAndNode(long id) {
        var r = dsl.select(ORDER.ITEM, NODE).from(ORDER).where(ORDER.ID.eq(id)).fetchOne();
        return r == null ? null : new String[] {r.value1(), r.value2()};
    }

    /** Stores a new order through an UpdatableRecord and reloads it (defaults set by the table). */
    public OrderRecord create(String item) {
        OrderRecord order = dsl.newRecord(ORDER);
        order.setItem(item);
        order.store();
        order.refresh();
        return order;
    }

    /** Reads the order, then ships it, in one transaction. */
    @Transactional
    public void shipAfterReading(long id) {
        dsl.selectFrom(ORDER).where(ORDER.ID.eq(id)).fetchOne();
        dsl.update(ORDER).set(ORDER.STATUS, "shipped").where(ORDER.ID.eq(id)).execute();
    }

    /** @return the next order number, and the session's current one right after */
    public long[] nextOrderNumber() {
        long next = dsl.nextval(ORDER_NUMBER);
        long current = dsl.currval(ORDER_NUMBER);
        return new long[] {next, current};
    }
}
