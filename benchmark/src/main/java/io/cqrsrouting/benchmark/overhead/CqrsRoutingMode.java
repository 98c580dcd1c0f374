package io.cqrsrouting.benchmark.overhead;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.dialect.Dialects;
import io.cqrsrouting.spring.EnableCqrsRouting;

import java.sql.SQLException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code cqrsRouting}: {@code @EnableCqrsRouting} and a {@link RoutingDataSource} over the two stub
 * pools, with its defaults (health monitor on, write tracking for read-your-writes on).
 * {@code query()} is {@code @Query} with no transaction; {@code queryInTransaction()} is plain
 * {@code @Transactional(readOnly = true)}, which counts as {@code @Query}; {@code command()} is
 * {@code @Command @Transactional}. Includes the {@code RoutedConnection} wrapper the router puts
 * around each connection it hands out, and, on commands, the commit-position query that records the
 * read-your-writes token.
 */
@Configuration(proxyBeanMethods = false)
@EnableCqrsRouting
@EnableTransactionManagement(proxyTargetClass = true)
public class CqrsRoutingMode {

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean(destroyMethod = "close")
    RoutingDataSource dataSource(StubPools pools) {
        return RoutingDataSource.builder()
                .primary(pools.primary())
                .replica(pools.replica())
                // the stub answers the PostgreSQL probe; a DataSource primary has no URL to tell
                .dialect(Dialects.postgresql())
                .name("stub")
                .build();
    }

    @Bean
    PlatformTransactionManager transactionManager(RoutingDataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(RoutingDataSource dataSource) {
        return new Service(dataSource);
    }

    /** cqrs-routing annotations. */
    public static class Service implements BenchService {
        private final RoutingDataSource ds;

        Service(RoutingDataSource ds) {
            this.ds = ds;
        }

        @Override
        @Query
        public int query() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @Transactional(readOnly = true)
        public int queryInTransaction() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @Command
        @Transactional
        public int command() throws SQLException {
            return Jdbc.write(ds);
        }
    }
}
