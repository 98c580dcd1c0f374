package io.cqrsrouting.jooq.app;

import org.jooq.Identity;
import org.jooq.Name;
import org.jooq.Sequence;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;

/** Table {@code app_order}, as jOOQ's code generator would write it. */
public class OrderTable extends TableImpl<OrderRecord> {

    private static final long serialVersionUID = 1L;

    public static final OrderTable ORDER = new OrderTable(DSL.name("app_order"));

    public static final Sequence<Long> ORDER_NUMBER =
            DSL.sequence(DSL.name("app_order_number"), Long.class);

    public final TableField<OrderRecord, Long> ID = createField(DSL.name("id"),
            SQLDataType.BIGINT.nullable(false).identity(true), this, "");
    public final TableField<OrderRecord, String> ITEM = createField(DSL.name("item"),
            SQLDataType.CLOB, this, "");
    public final TableField<OrderRecord, String> STATUS = createField(DSL.name("status"),
            SQLDataType.CLOB.defaultValue(DSL.field("'new'", SQLDataType.CLOB)), this, "");
    public final TableField<OrderRecord, String> WRITTEN_BY = createField(DSL.name("written_by"),
            SQLDataType.CLOB, this, "");

    private OrderTable(Name name) {
        super(name);
    }

    @Override
    public Class<OrderRecord> getRecordType() {
        return OrderRecord.class;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Identity<OrderRecord, Long> getIdentity() {
        return (Identity<OrderRecord, Long>) super.getIdentity();
    }

    @Override
    public UniqueKey<OrderRecord> getPrimaryKey() {
        return Internal.createUniqueKey(this, DSL.name("app_order_pkey"), new TableField[] {ID}, true);
    }
}
