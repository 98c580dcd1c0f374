package io.cqrsrouting.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@code @Command}, {@code @Query} and {@code @Consistent} for the beans of a Spring
 * application context. Put it on a {@code @Configuration} class that declares a
 * {@link io.cqrsrouting.core.RoutingDataSource} bean (and give that same bean to the transaction
 * manager, {@code JdbcTemplate}, JPA ...):
 *
 * <pre>{@code
 * @Configuration
 * @EnableCqrsRouting
 * @EnableTransactionManagement
 * class DatabaseConfig {
 *     @Bean
 *     RoutingDataSource dataSource() {
 *         return RoutingDataSource.builder()
 *                 .primary(primaryPool)
 *                 .replica(replicaPool)
 *                 .build();
 *     }
 *
 *     @Bean
 *     DataSourceTransactionManager transactionManager(RoutingDataSource dataSource) {
 *         return new DataSourceTransactionManager(dataSource);
 *     }
 * }
 * }</pre>
 *
 * <p>It registers a {@link RoutingAdvisor} that opens a routing scope around every annotated
 * method of a Spring bean. The advisor always runs <b>before</b> Spring's transaction interceptor,
 * whatever order {@code @EnableTransactionManagement(order = ...)} is given, so
 * {@code @Transactional @Query} opens its transaction on a replica. Conflicting annotations on one
 * method ({@code @Command} and {@code @Query}) fail the context at start-up.
 *
 * <p>Spring Boot applications do not need this annotation: the auto-configuration registers the
 * same advisor.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(RoutingRegistrar.class)
public @interface EnableCqrsRouting {

    /**
     * Whether a method with {@code @Transactional(readOnly = true)} and no routing annotation counts
     * as {@code @Query} (runs on a replica). Default {@code true}. The property
     * {@code cqrs.routing.read-only-transactions-as-query=false} switches it off as well.
     *
     * @return whether read-only transactions are replica reads
     */
    boolean readOnlyTransactionsAsQuery() default true;

    /**
     * Whether proxies are made by subclassing (CGLIB) rather than as JDK interface proxies. Same
     * meaning as on {@code @EnableTransactionManagement}; {@code true} applies to every proxy of the
     * context.
     *
     * @return whether to force class-based proxies
     */
    boolean proxyTargetClass() default false;
}
