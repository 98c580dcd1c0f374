package io.cqrsrouting.benchmark.overhead;

import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code direct}: the same calls with no routing. One pool (the primary's) and Spring's
 * transaction management; the bean is proxied (it has {@code @Transactional} methods) so
 * {@code query()} also goes through the proxy, with no advice on it.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
public class DirectMode {

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean
    DataSource dataSource(StubPools pools) {
        return pools.primary();
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(DataSource dataSource) {
        return new Service(dataSource);
    }

    /** No routing annotations. */
    public static class Service implements BenchService {
        private final DataSource ds;

        Service(DataSource ds) {
            this.ds = ds;
        }

        @Override
        public int query() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
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
