package io.cqrsrouting.samples.orders;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.springframework.stereotype.Service;

/**
 * jOOQ (Boot's {@code DSLContext}, with {@code cqrs-routing-jooq}): routed by statement type, no
 * annotation — {@code SELECT}s to a replica, {@code INSERT}s to the primary.
 */
@Service
public class JooqOrders implements OrderStore {

    private static final Table<?> ORDERS = table(name("purchase_order"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> ITEM = field(name("item"), String.class);
    private static final Field<String> SERVED_BY = field("current_setting('cluster_name')", String.class);

    private final DSLContext dsl;

    public JooqOrders(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public long place(String item) {
        return dsl.insertInto(ORDERS, ITEM).values(item).returningResult(ID).fetchSingle().value1();
    }

    @Override
    public Report report() {
        Record2<Integer, String> row = dsl.select(count(), SERVED_BY).from(ORDERS).fetchSingle();
        return new Report(row.value1(), row.value2());
    }
}
