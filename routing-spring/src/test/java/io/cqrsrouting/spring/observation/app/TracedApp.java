package io.cqrsrouting.spring.observation.app;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;

import io.micrometer.tracing.test.simple.SimpleTracer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Boot web application whose {@code DataSource} is wrapped by a tracer: datasource-micrometer's
 * auto-configuration (a bean post-processor, as its users get it) wraps the auto-configured
 * router in a JDBC proxy that opens a {@code jdbc.connection} observation around every
 * {@code getConnection()}, and Boot's tracing turns observations into spans of a test tracer.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration"})
public class TracedApp {

    /** @return the tracer Boot's tracing auto-configuration hands observations to */
    @Bean
    SimpleTracer tracer() {
        return new SimpleTracer();
    }

    /**
     * The shared replica set as {@code cqrs.routing.*} properties, with the tracer's wrapping on.
     *
     * @param registry the test's property registry
     */
    public static void properties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", () -> db().primaryJdbcUrl());
        registry.add("cqrs.routing.primary.username", () -> db().username());
        registry.add("cqrs.routing.primary.password", () -> db().password());
        registry.add("cqrs.routing.replicas[0].url", () -> db().standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", () -> db().username());
        registry.add("cqrs.routing.replicas[0].password", () -> db().password());
        registry.add("cqrs.routing.pool.maximum-pool-size", () -> "4");
        registry.add("cqrs.routing.monitor.interval", () -> "50ms");
        // Off for the rest of this module's tests (src/test/resources/application.properties).
        registry.add("jdbc.datasource-proxy.enabled", () -> "true");
    }
}
