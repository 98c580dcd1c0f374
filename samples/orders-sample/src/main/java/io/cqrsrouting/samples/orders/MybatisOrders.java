package io.cqrsrouting.samples.orders;

import org.springframework.stereotype.Service;

/** MyBatis: the mapper's statements, routed by the MyBatis plugin the adapter registers. */
@Service
public class MybatisOrders implements OrderStore {

    private final OrderMapper mapper;

    public MybatisOrders(OrderMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public long place(String item) {
        PurchaseOrder order = new PurchaseOrder(item);
        mapper.insert(order);
        return order.getId();
    }

    @Override
    public Report report() {
        return mapper.report();
    }
}
