package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingDataSourceBuilder;

/**
 * Callback to adjust the auto-configured router beyond what the {@code cqrs.routing.*} properties
 * offer (for example {@code poolCustomizer(...)} for HikariCP settings). Every bean of this type is
 * applied, in order, after the properties and before {@code build()}.
 */
@FunctionalInterface
public interface RoutingDataSourceBuilderCustomizer {

    /** @param builder the builder, already filled from the properties */
    void customize(RoutingDataSourceBuilder builder);
}
