package io.cqrsrouting.jooq.app;

import org.jooq.impl.UpdatableRecordImpl;

/** A row of {@code app_order}, as jOOQ's code generator would write it. */
public class OrderRecord extends UpdatableRecordImpl<OrderRecord> {

    private static final long serialVersionUID = 1L;

    public OrderRecord() {
        super(OrderTable.ORDER);
    }

    public Long getId() {
        return get(OrderTable.ORDER.ID);
    }

    public String getItem() {
        return get(OrderTable.ORDER.ITEM);
    }

    public OrderRecord setItem(String item) {
        set(OrderTable.ORDER.ITEM, item);
        return this;
    }

    public String getStatus() {
        return get(OrderTable.ORDER.STATUS);
    }

    public String getWrittenBy() {
        return get(OrderTable.ORDER.WRITTEN_BY);
    }
}
