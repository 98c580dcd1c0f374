package io.cqrsrouting.spring.aot.app;

import io.cqrsrouting.spring.boot.CqrsRoutingAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A routed application as AOT sees it: cqrs-routing's auto-configuration with Boot's JDBC and
 * transaction auto-configurations, and one annotated service.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({CqrsRoutingAutoConfiguration.class, DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        TransactionAutoConfiguration.class})
@Import(Inventory.class)
public class AotApp {
}
