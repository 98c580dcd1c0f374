package io.cqrsrouting.samples.orders;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data JPA, unchanged: reads go to the standby, writes to the primary. */
public interface OrderRepository extends JpaRepository<PurchaseOrder, Long> {

    /** @return the {@code cluster_name} of the node serving the current transaction */
    @Query(value = "select current_setting('cluster_name')", nativeQuery = true)
    String servedBy();
}
