package io.cqrsrouting.jooq.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * Spring Boot auto-configuration: when jOOQ and Boot's jOOQ support are on the class path, routes
 * the auto-configured {@code DSLContext} by statement type (through a
 * {@link RoutingConfigurationCustomizer}). Does nothing unless the {@code DataSource} is a
 * {@link io.cqrsrouting.core.RoutingDataSource}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration")
@ConditionalOnClass(name = {"org.jooq.DSLContext",
    "org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer"})
public class JooqRoutingAutoConfiguration {

    /**
     * @param dataSource the application's data source, if any
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean
    public RoutingConfigurationCustomizer cqrsRoutingJooqCustomizer(
            ObjectProvider<DataSource> dataSource) {
        return new RoutingConfigurationCustomizer(dataSource.getIfUnique());
    }
}
