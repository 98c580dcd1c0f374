package io.cqrsrouting.spring.apps.jpa;

import io.cqrsrouting.annotation.Consistent;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A plain transactional service, as users write them: no routing annotation, no repository. */
@Service
public class CustomerService {

    @PersistenceContext
    private EntityManager entityManager;

    private final JdbcTemplate jdbc;

    public CustomerService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts at once (identity key). */
    @Transactional
    public long register(String name) {
        Customer customer = new Customer(name);
        entityManager.persist(customer);
        return customer.getId();
    }

    /** Changes a managed entity: Hibernate flushes the UPDATE at commit. */
    @Transactional
    public void rename(long id, String name) {
        entityManager.find(Customer.class, id).setName(name);
    }

    /**
     * A read that must see the caller's own writes, the one place this app says so. Reads the
     * database (not the persistence context) and tells which node answered.
     */
    @Consistent(Consistent.Level.READ_YOUR_WRITES)
    @Transactional(readOnly = true)
    public String nameAndNode(long id) {
        return (String) entityManager.createNativeQuery("select name || '@' ||"
                + " current_setting('cluster_name') from shop_customer where id = ?1")
                .setParameter(1, id).getSingleResult();
    }

    /** A JdbcTemplate update with no transaction: each statement commits on its own. */
    public int renameWithJdbcAutocommit(long id, String name) {
        return jdbc.update("update shop_customer set name = ? where id = ?", name, id);
    }

    /** A JdbcTemplate update in a read-write transaction. */
    @Transactional
    public int renameWithJdbc(long id, String name) {
        return jdbc.update("update shop_customer set name = ? where id = ?", name, id);
    }
}
