package io.cqrsrouting.spring.apps.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot + Spring Data JPA (Hibernate) + Spring MVC application as users write them: no
 * routing annotation anywhere, routed by {@code cqrs.routing.*} properties alone.
 */
// Spring Data JDBC is on this module's test class path for the JDBC app; this app does not use it.
@SpringBootApplication(excludeName =
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration")
public class ShopApplication {
}
