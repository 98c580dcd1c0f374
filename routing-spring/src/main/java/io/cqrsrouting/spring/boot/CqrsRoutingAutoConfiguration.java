package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingConfigurationException;
import io.cqrsrouting.core.retry.RetryPolicy;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.RoutingRegistrar;
import io.cqrsrouting.spring.RoutingTaskDecorator;

import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Spring Boot auto-configuration of cqrs-routing.
 *
 * <ul>
 *   <li>Registers the routing advisor (no {@code @EnableCqrsRouting} needed), so
 *       {@code @Command}, {@code @Query}, {@code @Consistent} and, unless
 *       {@code cqrs.routing.read-only-transactions-as-query=false},
 *       {@code @Transactional(readOnly = true)} route bean methods.</li>
 *   <li>When any {@code cqrs.routing.primary.*}, {@code cqrs.routing.replicas[n].*} or
 *       {@code cqrs.routing.nodes[n].*} property is set and the application declares no
 *       {@code DataSource} of its own, the {@code DataSource} bean is a {@link RoutingDataSource}
 *       built from {@link CqrsRoutingProperties}. Without {@code cqrs.routing.primary.url} the
 *       primary comes from a {@code JdbcConnectionDetails} bean, else {@code spring.datasource.*}. It runs before
 *       Boot's {@code DataSourceAutoConfiguration}, so {@code JdbcTemplate}, the transaction
 *       manager, JPA, jOOQ and MyBatis auto-configuration all use the router.</li>
 *   <li>Exposes a {@link RoutingTaskDecorator} bean, which Boot's task executor applies, so
 *       {@code @Async} methods get the caller's routing context.</li>
 * </ul>
 *
 * <p>Switch everything off with {@code cqrs.routing.enabled=false}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = {"org.springframework.jdbc.datasource.ConnectionHolder",
        "org.springframework.transaction.support.TransactionSynchronizationManager",
        "org.springframework.aop.support.AbstractPointcutAdvisor"})
@Conditional(SupportedVersionsCondition.class)
@ConditionalOnBooleanProperty(name = "cqrs.routing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CqrsRoutingProperties.class)
@Import(RoutingRegistrar.class)
public class CqrsRoutingAutoConfiguration {

    /**
     * The routing data source, as the application's {@code DataSource}.
     *
     * @param properties the {@code cqrs.routing.*} settings
     * @param customizers callbacks applied to the builder before it builds
     * @param beans where a {@code JdbcConnectionDetails} bean may supply the primary
     * @param environment where {@code spring.datasource.*} may supply the primary
     * @return the router; closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    @Conditional(OnRoutingEndpointsCondition.class)
    public RoutingDataSource dataSource(CqrsRoutingProperties properties,
            ObjectProvider<RoutingDataSourceBuilderCustomizer> customizers,
            ListableBeanFactory beans, Environment environment) {
        return RoutingDataSourceFactory.create(properties, customizers.orderedStream().toList(),
                () -> BootSuppliedPrimary.find(beans, environment));
    }

    /**
     * Carries the routing context into tasks of Boot's task executor (and {@code @Async}).
     *
     * @return the decorator
     */
    @Bean
    @ConditionalOnMissingBean(RoutingTaskDecorator.class)
    public RoutingTaskDecorator routingTaskDecorator() {
        return new RoutingTaskDecorator();
    }

    /**
     * The method-level retry policy from {@code cqrs.routing.retry.*}; the routing advisor picks
     * it up. Invalid values fail start-up naming the property.
     *
     * @param properties the {@code cqrs.routing.*} settings
     * @return the policy
     */
    @Bean
    @ConditionalOnMissingBean(RetryPolicy.class)
    @ConditionalOnBooleanProperty(name = "cqrs.routing.retry.enabled", matchIfMissing = true)
    public RetryPolicy cqrsRoutingRetryPolicy(CqrsRoutingProperties properties) {
        RetryProperties r = properties.getRetry();
        try {
            RetryPolicy.Builder b = r.getProfile() == RetryProperties.RetryProfile.AZURE_SQL
                    ? RetryPolicy.azureSqlBuilder() : RetryPolicy.builder();
            if (r.getMaxAttempts() != null) {
                b.maxAttempts(r.getMaxAttempts());
            }
            if (r.getInitialBackoff() != null) {
                b.initialBackoff(r.getInitialBackoff());
            }
            if (r.getMaxBackoff() != null) {
                b.maxBackoff(r.getMaxBackoff());
            }
            if (r.getDeadline() != null) {
                b.deadline(r.getDeadline());
            }
            return b.build();
        } catch (RoutingConfigurationException e) {
            throw new RoutingConfigurationException("cqrs.routing.retry", e.getMessage());
        }
    }
}
