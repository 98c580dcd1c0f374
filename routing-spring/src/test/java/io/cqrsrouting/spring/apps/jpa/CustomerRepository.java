package io.cqrsrouting.spring.apps.jpa;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** A plain Spring Data JPA repository: no routing annotation. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

    boolean existsByName(String name);

    List<Customer> findByNameStartingWith(String prefix);

    /** Which database node answers this repository's reads (for the shop's status page). */
    @Query(value = "select current_setting('cluster_name')", nativeQuery = true)
    String servedBy();

    /** The customer's name as the database has it (not the persistence context), and the node. */
    @Query(value = "select name || '@' || current_setting('cluster_name') from shop_customer"
            + " where id = ?1", nativeQuery = true)
    String nameAndNode(long id);

    /** A report that takes a second: which node made it, and how many customers it counted. */
    @Query(value = "select current_setting('cluster_name') || ':' || count(*)"
            + " from shop_customer, pg_sleep(1)", nativeQuery = true)
    String slowReport();

    @Transactional
    @Modifying
    @Query("update Customer c set c.name = :name where c.id = :id")
    int rename(Long id, String name);
}
