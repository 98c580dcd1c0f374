package io.cqrsrouting.mybatis.autoconfigure;

import io.cqrsrouting.mybatis.RoutingInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: declares a {@link RoutingInterceptor} bean, which
 * mybatis-spring-boot-starter adds to the {@code SqlSessionFactory} it builds (it collects every
 * {@code Interceptor} bean). The plugin changes nothing unless the {@code DataSource} is a
 * {@link io.cqrsrouting.core.RoutingDataSource}.
 */
@AutoConfiguration(beforeName = "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration")
@ConditionalOnClass(name = {"org.apache.ibatis.session.SqlSessionFactory",
    "org.mybatis.spring.SqlSessionFactoryBean"})
public class MybatisRoutingAutoConfiguration {

    /** @return the statement-type routing plugin */
    @Bean
    @ConditionalOnMissingBean
    public RoutingInterceptor cqrsRoutingMybatisInterceptor() {
        return new RoutingInterceptor();
    }
}
