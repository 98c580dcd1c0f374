package io.cqrsrouting.benchmark.overhead;

import com.baomidou.dynamic.datasource.DynamicRoutingDataSource;
import com.baomidou.dynamic.datasource.annotation.DS;
import com.baomidou.dynamic.datasource.aop.DynamicDataSourceAnnotationAdvisor;
import com.baomidou.dynamic.datasource.aop.DynamicDataSourceAnnotationInterceptor;
import com.baomidou.dynamic.datasource.processor.DsSpelExpressionProcessor;
import com.baomidou.dynamic.datasource.provider.DynamicDataSourceProvider;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.aop.Advisor;
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
 * {@code dynamicDatasource}: baomidou dynamic-datasource 4.5.0 ({@code @DS}), wired as its Spring
 * Boot 4 starter wires it (a {@link DynamicRoutingDataSource} and the {@code @DS} advisor at the
 * highest precedence), without Spring Boot. Reads are {@code @DS("replica")}; writes use its primary.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
public class DynamicDatasourceMode {

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean
    DynamicRoutingDataSource dataSource(StubPools pools) {
        DynamicDataSourceProvider provider = () -> Map.of(StubPools.PRIMARY, pools.primary(),
                StubPools.REPLICA, pools.replica());
        DynamicRoutingDataSource ds = new DynamicRoutingDataSource(List.of(provider));
        ds.setPrimary(StubPools.PRIMARY);
        ds.setStrict(true);
        return ds;
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor dynamicDatasourceAnnotationAdvisor() {
        DynamicDataSourceAnnotationInterceptor interceptor =
                new DynamicDataSourceAnnotationInterceptor(true, new DsSpelExpressionProcessor());
        DynamicDataSourceAnnotationAdvisor advisor =
                new DynamicDataSourceAnnotationAdvisor(interceptor, DS.class);
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

    /** {@code @DS} names the data source per method. */
    public static class Service implements BenchService {
        private final DataSource ds;

        Service(DataSource ds) {
            this.ds = ds;
        }

        @Override
        @DS(StubPools.REPLICA)
        public int query() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @DS(StubPools.REPLICA)
        @Transactional(readOnly = true)
        public int queryInTransaction() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @Transactional
        public int command() throws SQLException {
            return Jdbc.write(ds);
        }
    }
}
