/**
 * Spring Boot health of cqrs-routing: {@link io.cqrsrouting.spring.health.CqrsRoutingHealthIndicator},
 * registered by Boot as the {@code cqrsRouting} health contributor.
 */
package io.cqrsrouting.spring.health;
