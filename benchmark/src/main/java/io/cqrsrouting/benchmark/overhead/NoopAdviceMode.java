package io.cqrsrouting.benchmark.overhead;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code noopAdvice}: a control, not a router. {@code direct} plus an interceptor that does nothing
 * but {@code proceed()}, on every method: what any advised call through a Spring proxy costs
 * (Spring allocates a method invocation per advised call). The difference between a routing mode
 * and this one is the routing itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
public class NoopAdviceMode {

    /** Marks the methods the do-nothing interceptor applies to. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Advised {
    }

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean
    DataSource dataSource(StubPools pools) {
        return pools.primary();
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor noopAdvisor() {
        MethodInterceptor noop = invocation -> invocation.proceed();
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                AnnotationMatchingPointcut.forMethodAnnotation(Advised.class), noop);
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return advisor;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(DataSource dataSource) {
        return new Service(dataSource);
    }

    /** Like {@code direct}, every method advised by the do-nothing interceptor. */
    public static class Service implements BenchService {
        private final DataSource ds;

        Service(DataSource ds) {
            this.ds = ds;
        }

        @Override
        @Advised
        public int query() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @Advised
        @Transactional(readOnly = true)
        public int queryInTransaction() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @Advised
        @Transactional
        public int command() throws SQLException {
            return Jdbc.write(ds);
        }
    }
}
