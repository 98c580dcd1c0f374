/**
 * Micrometer metrics of cqrs-routing: {@link io.cqrsrouting.spring.metrics.CqrsRoutingMetrics}
 * binds the {@code cqrs.routing.*} meters of every router, {@link
 * io.cqrsrouting.spring.metrics.RetryMetrics} counts method-level retries. Spring Boot registers
 * both when Micrometer is present; plain Spring applications bind them to their registry.
 */
package io.cqrsrouting.spring.metrics;
