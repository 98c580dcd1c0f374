package io.cqrsrouting.spring.metrics.app;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Spring Boot application with Actuator on the class path, configured only by
 * {@code cqrs.routing.*} properties: the observability tests run against it.
 */
// JPA and Spring Data JDBC are on this module's test class path for the apps under
// io.cqrsrouting.spring.apps; this application is a plain JDBC one.
@SpringBootApplication(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration"})
public class ObservedApp {

    /**
     * The primary and standby of the shared replica set, as {@code cqrs.routing.*} properties.
     *
     * @param registry the test's property registry
     */
    public static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.max-size", () -> "4");
        registry.add("cqrs.routing.monitor.interval", () -> "100ms");
    }
}
