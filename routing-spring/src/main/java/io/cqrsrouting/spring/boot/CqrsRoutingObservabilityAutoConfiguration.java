package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.health.CqrsRoutingHealthContributor;
import io.cqrsrouting.spring.health.DbHealthContributor;
import io.cqrsrouting.spring.metrics.CqrsRoutingMetrics;
import io.cqrsrouting.spring.metrics.RetryMetrics;
import io.cqrsrouting.spring.observation.RoutingObservationListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of cqrs-routing in Spring Boot, for every {@link RoutingDataSource} bean (also one
 * declared as a plain {@code DataSource}, or wrapped in a proxy that unwraps to it):
 *
 * <ul>
 *   <li>with Micrometer and a {@code MeterRegistry}: the {@code cqrs.routing.*} meters
 *       ({@link CqrsRoutingMetrics}) and a retry counter ({@link RetryMetrics}, a
 *       {@code Retrier.Listener} bean);</li>
 *   <li>with Boot's health support: the {@code cqrsRouting} health contributor
 *       ({@link CqrsRoutingHealthContributor}: per router {@code writes} and one child per
 *       endpoint), off with {@code management.health.cqrs-routing.enabled=false}; and Boot's
 *       {@code db} contributor with routers reported from their monitor
 *       ({@link DbHealthContributor}) instead of a query through the router;</li>
 *   <li>HikariCP's {@code hikaricp.*} meters for the pools the router builds;</li>
 *   <li>with an {@code ObservationRegistry}: each routing decision as key values on the current
 *       Micrometer {@code Observation} ({@link RoutingObservationListener}), off with
 *       {@code cqrs.routing.observation.enabled=false}.</li>
 * </ul>
 *
 * <p>State changes and, at debug level of {@code io.cqrsrouting.core.RoutingDataSource.decisions},
 * routing decisions are logged by the router itself through SLF4J.
 */
@AutoConfiguration(after = CqrsRoutingAutoConfiguration.class,
        beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
        afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "cqrs.routing.enabled", matchIfMissing = true)
public class CqrsRoutingObservabilityAutoConfiguration {

    /** Micrometer meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = {"javax.sql.DataSource", "io.micrometer.core.instrument.MeterRegistry"})
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CqrsRoutingMetrics cqrsRoutingMetrics(ObjectProvider<DataSource> dataSources) {
            return new CqrsRoutingMetrics(routers(dataSources));
        }

        @Bean
        @ConditionalOnMissingBean
        RetryMetrics cqrsRoutingRetryMetrics(MeterRegistry registry) {
            return new RetryMetrics(registry);
        }
    }

    /**
     * HikariCP's own {@code hikaricp.*} meters for every pool the auto-configured router builds
     * (they are not beans, so Boot's pool metrics do not see them), tagged with the pool name
     * {@code cqrs-<router>-<endpoint>}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
            "com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory"})
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class PoolMetricsConfiguration {

        @Bean
        RoutingDataSourceBuilderCustomizer cqrsRoutingPoolMetrics(
                ObjectProvider<MeterRegistry> registry) {
            return builder -> builder.poolCustomizer(config -> {
                MeterRegistry meters = registry.getIfAvailable();
                if (meters != null && config.getMetricsTrackerFactory() == null
                        && config.getMetricRegistry() == null) {
                    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
                }
            });
        }
    }

    /**
     * Routing decisions on the current Micrometer observation: one listener per router, added once
     * every singleton exists (so a router wrapped by a tracing proxy is found through
     * {@code unwrap}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnBooleanProperty(name = "cqrs.routing.observation.enabled", matchIfMissing = true)
    static class ObservationConfiguration {

        @Bean
        static SmartInitializingSingleton cqrsRoutingObservation(
                ObjectProvider<ObservationRegistry> registry,
                ObjectProvider<DataSource> dataSources) {
            return () -> {
                ObservationRegistry observations = registry.getIfAvailable();
                if (observations != null) {
                    routers(dataSources).get().forEach(router ->
                            RoutingObservationListener.attach(observations, router));
                }
            };
        }
    }

    /**
     * The {@code cqrsRouting} health contributor: per router a {@code writes} child and one child
     * per endpoint.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnEnabledHealthIndicator("cqrs-routing")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = {"cqrsRoutingHealthIndicator",
                "cqrsRoutingHealthContributor"})
        CqrsRoutingHealthContributor cqrsRoutingHealthContributor(ListableBeanFactory beans) {
            return new CqrsRoutingHealthContributor(() -> routersByName(beans));
        }
    }

    /**
     * Boot's {@code db} contributor with each router reported from its monitor instead of a
     * validation query through the router (which would only ever test the primary).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
            "org.springframework.boot.jdbc.health.DataSourceHealthIndicator"})
    @ConditionalOnBean(RoutingDataSource.class)
    @ConditionalOnEnabledHealthIndicator("db")
    static class DbHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = {"dbHealthIndicator", "dbHealthContributor"})
        DbHealthContributor dbHealthContributor(ListableBeanFactory beans) {
            return new DbHealthContributor(() -> beans.getBeansOfType(DataSource.class),
                    CqrsRoutingObservabilityAutoConfiguration::router,
                    DataSourceHealthIndicator::new);
        }
    }

    /** The routers among the DataSource beans, by bean name (a wrapped router once). */
    static Map<String, RoutingDataSource> routersByName(ListableBeanFactory beans) {
        Map<String, RoutingDataSource> routers = new LinkedHashMap<>();
        beans.getBeansOfType(DataSource.class).forEach((name, ds) -> {
            RoutingDataSource router = router(ds);
            if (router != null && !routers.containsValue(router)) {
                routers.put(name, router);
            }
        });
        return routers;
    }

    /** The routers among the DataSource beans, looked up when first needed. */
    static Supplier<List<RoutingDataSource>> routers(ObjectProvider<DataSource> dataSources) {
        return () -> dataSources.orderedStream().map(CqrsRoutingObservabilityAutoConfiguration::router)
                .filter(java.util.Objects::nonNull).distinct().toList();
    }

    static RoutingDataSource router(DataSource ds) {
        if (ds instanceof RoutingDataSource r) {
            return r;
        }
        try {
            return ds.isWrapperFor(RoutingDataSource.class) ? ds.unwrap(RoutingDataSource.class)
                    : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }
}
