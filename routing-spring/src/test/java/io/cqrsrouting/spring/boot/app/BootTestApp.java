package io.cqrsrouting.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/** A Spring Boot application configured only by {@code cqrs.routing.*} properties. */
// JPA and Spring Data JDBC are on this module's test class path for the apps under
// io.cqrsrouting.spring.apps; this application is a plain JDBC one.
@SpringBootApplication(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration"})
@EnableAsync
public class BootTestApp {
}
