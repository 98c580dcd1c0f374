package io.cqrsrouting.spring.boot;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.web.ConsistencyTokenFilter;
import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * In a servlet web application, makes each HTTP request a read-your-writes session and carries
 * its consistency token in the {@code cqrs.routing.token.cookie} cookie (default
 * {@code cqrs-consistency}; {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} on secure
 * requests, so it survives POST → redirect → GET) and the {@code cqrs.routing.token.header} header
 * (default {@code X-Consistency-Token}, for API clients). Set either to an empty value to turn it
 * off. The filter runs before Spring Security ({@code cqrs.routing.token.filter-order}, default
 * {@value ConsistencyTokenFilter#DEFAULT_ORDER}).
 */
@AutoConfiguration(after = CqrsRoutingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.filter.OncePerRequestFilter")
@ConditionalOnBooleanProperty(name = "cqrs.routing.token.enabled", matchIfMissing = true)
public class CqrsRoutingWebAutoConfiguration {

    /**
     * @param dataSources the application's data sources: the first that is, or unwraps to, a
     *     router (a tracing proxy may wrap it) is the router whose tokens the filter carries
     * @param header the header name, empty for none
     * @param cookie the cookie name, empty for none
     * @param order the filter's order
     * @return the filter, registered by Boot for every request
     */
    @Bean
    @ConditionalOnBean(RoutingDataSource.class)
    @ConditionalOnMissingBean(ConsistencyTokenFilter.class)
    public ConsistencyTokenFilter consistencyTokenFilter(ObjectProvider<DataSource> dataSources,
            @Value("${cqrs.routing.token.header:" + ConsistencyTokenFilter.DEFAULT_HEADER + "}")
            String header,
            @Value("${cqrs.routing.token.cookie:" + ConsistencyTokenFilter.DEFAULT_COOKIE + "}")
            String cookie,
            @Value("${cqrs.routing.token.filter-order:" + ConsistencyTokenFilter.DEFAULT_ORDER
                    + "}") int order) {
        RoutingDataSource router = dataSources.orderedStream()
                .map(CqrsRoutingObservabilityAutoConfiguration::router)
                .filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow(() -> new IllegalStateException("cqrs.routing.token: no DataSource"
                        + " bean is or unwraps to a RoutingDataSource"));
        ConsistencyTokenFilter filter = new ConsistencyTokenFilter(router, header, cookie);
        filter.setOrder(order);
        return filter;
    }
}
