package io.cqrsrouting.samples.orders;

/**
 * One way to place and count orders. The sample has four — {@link JdbcOrders} (JdbcTemplate),
 * {@link JpaOrders} (Spring Data JPA), {@link JooqOrders} (jOOQ) and {@link MybatisOrders}
 * (MyBatis) — all on the same routed {@code DataSource}: each write goes to the primary, each
 * report to the standby.
 */
public interface OrderStore {

    /** How many orders, and which node ({@code cluster_name}) counted them. */
    record Report(long orders, String servedBy) {
    }

    /**
     * @param item what was ordered
     * @return the new order's id
     */
    long place(String item);

    /** @return the count, read where the router sends reads */
    Report report();
}
