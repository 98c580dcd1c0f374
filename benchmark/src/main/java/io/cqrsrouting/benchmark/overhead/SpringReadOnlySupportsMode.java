package io.cqrsrouting.benchmark.overhead;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code springReadOnlySupports}: the common Spring-only way, with no library and no aspect of its
 * own: an {@link AbstractRoutingDataSource} whose key is
 * {@link TransactionSynchronizationManager#isCurrentTransactionReadOnly()}, and reads marked
 * {@code @Transactional(readOnly = true, propagation = SUPPORTS)}, which sets the read-only flag
 * for the call without starting a physical transaction. No health checks, fallback or consistency.
 *
 * <p>Its {@code queryInTransaction()} (plain {@code @Transactional(readOnly = true)}) does <em>not</em>
 * reach the replica: {@code DataSourceTransactionManager} takes the transaction's connection before it
 * publishes the read-only flag, so the key still says primary (the well-known reason this recipe is
 * paired with a {@code LazyConnectionDataSourceProxy}, which is {@code springLazyReadOnly}). The
 * report flags that cell; {@code ModesRouteTest} pins the behaviour.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
public class SpringReadOnlySupportsMode {

    /** Routes by Spring's read-only flag of the current (possibly empty) transaction. */
    static final class ReadOnlyFlagRoutingDataSource extends AbstractRoutingDataSource {
        @Override
        protected Object determineCurrentLookupKey() {
            return TransactionSynchronizationManager.isCurrentTransactionReadOnly()
                    ? StubPools.REPLICA : StubPools.PRIMARY;
        }
    }

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean
    DataSource dataSource(StubPools pools) {
        ReadOnlyFlagRoutingDataSource routing = new ReadOnlyFlagRoutingDataSource();
        routing.setTargetDataSources(Map.of(StubPools.PRIMARY, pools.primary(),
                StubPools.REPLICA, pools.replica()));
        routing.setDefaultTargetDataSource(pools.primary());
        return routing;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(DataSource dataSource) {
        return new Service(dataSource);
    }

    /** Spring's read-only flag is the routing signal. */
    public static class Service implements BenchService {
        private final DataSource ds;

        Service(DataSource ds) {
            this.ds = ds;
        }

        @Override
        @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
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
