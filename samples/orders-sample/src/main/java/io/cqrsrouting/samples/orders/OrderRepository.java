package io.cqrsrouting.samples.orders;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA, unchanged: reads go to the standby, writes to the primary. */
public interface OrderRepository extends JpaRepository<PurchaseOrder, Long> {
}
