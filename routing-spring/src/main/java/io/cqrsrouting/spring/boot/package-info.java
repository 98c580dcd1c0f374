/**
 * Spring Boot auto-configuration: {@link io.cqrsrouting.spring.boot.CqrsRoutingAutoConfiguration}
 * and the {@code cqrs.routing.*} properties ({@link io.cqrsrouting.spring.boot.CqrsRoutingProperties}).
 */
package io.cqrsrouting.spring.boot;
