package io.cqrsrouting.spring.apps.jdbc;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot + Spring Data JDBC + Spring MVC application as users write them: no routing
 * annotation anywhere, routed by {@code cqrs.routing.*} properties alone.
 */
// Hibernate is on this module's test class path for the JPA app; this app does not use it.
@SpringBootApplication(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"})
public class LibraryApplication {
}
