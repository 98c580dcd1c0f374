package io.cqrsrouting.benchmark.overhead;

import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code springLazyReadOnly}: Spring's own answer (6.1+): a {@link LazyConnectionDataSourceProxy}
 * over the primary pool with the replica pool as its read-only DataSource. It routes only inside
 * a transaction marked read-only, so {@code query()} must be {@code @Transactional(readOnly = true)}
 * too (the same as {@code queryInTransaction()}). Includes the lazy connection proxy (a JDK dynamic
 * proxy per transaction) and the transaction itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
public class SpringLazyReadOnlyMode {

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean
    LazyConnectionDataSourceProxy dataSource(StubPools pools) {
        LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(pools.primary());
        lazy.setReadOnlyDataSource(pools.replica());
        return lazy;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(DataSource dataSource) {
        return new Service(dataSource);
    }

    /** Read-only transactions are the routing signal. */
    public static class Service implements BenchService {
        private final DataSource ds;

        Service(DataSource ds) {
            this.ds = ds;
        }

        @Override
        @Transactional(readOnly = true)
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
