package io.cqrsrouting.samples.orders;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Spring Data JPA: {@code save} writes on the primary, a read-only transaction reads a replica. */
@Service
public class JpaOrders implements OrderStore {

    private final OrderRepository orders;

    public JpaOrders(OrderRepository orders) {
        this.orders = orders;
    }

    @Override
    public long place(String item) {
        return orders.save(new PurchaseOrder(item)).getId();
    }

    @Transactional(readOnly = true)
    @Override
    public Report report() {
        return new Report(orders.count(), orders.servedBy());
    }
}
