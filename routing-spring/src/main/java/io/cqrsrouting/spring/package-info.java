/**
 * Spring integration: {@link io.cqrsrouting.spring.EnableCqrsRouting}, the
 * {@link io.cqrsrouting.spring.RoutingAdvisor} that opens routing scopes around annotated bean
 * methods before any transaction starts, {@link io.cqrsrouting.spring.RoutingTaskDecorator} for
 * executors and {@code @Async}, and the translation of
 * {@link io.cqrsrouting.core.WritesUnavailableException} into a Spring
 * {@link org.springframework.dao.TransientDataAccessException}.
 */
package io.cqrsrouting.spring;
