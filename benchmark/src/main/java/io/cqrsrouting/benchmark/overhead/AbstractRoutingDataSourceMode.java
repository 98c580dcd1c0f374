package io.cqrsrouting.benchmark.overhead;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code abstractRoutingDataSource}: the classic do-it-yourself setup found in countless tutorials:
 * Spring's {@link AbstractRoutingDataSource} keyed by a {@link ThreadLocal}, set by an
 * {@code @Around} aspect on a home-made {@link ReadReplica} annotation that runs before the
 * transaction interceptor. No health checks, no fallback, no consistency: only the switch.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
@EnableAspectJAutoProxy(proxyTargetClass = true)
public class AbstractRoutingDataSourceMode {

    /** Marks a method to run on the replica. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface ReadReplica {
    }

    /** The routing key, set by the aspect. */
    static final ThreadLocal<String> KEY = new ThreadLocal<>();

    /** Looks the key up per {@code getConnection()}; no key means the primary. */
    static final class ThreadLocalRoutingDataSource extends AbstractRoutingDataSource {
        @Override
        protected Object determineCurrentLookupKey() {
            return KEY.get();
        }
    }

    /** Sets the key around {@code @ReadReplica} methods, outside the transaction. */
    @Aspect
    @Order(0)
    public static class ReadReplicaAspect {
        @Around("@annotation(io.cqrsrouting.benchmark.overhead.AbstractRoutingDataSourceMode.ReadReplica)")
        public Object route(ProceedingJoinPoint pjp) throws Throwable {
            String previous = KEY.get();
            KEY.set(StubPools.REPLICA);
            try {
                return pjp.proceed();
            } finally {
                if (previous == null) {
                    KEY.remove();
                } else {
                    KEY.set(previous);
                }
            }
        }
    }

    @Bean(destroyMethod = "close")
    StubPools stubPools() {
        return new StubPools();
    }

    @Bean
    DataSource dataSource(StubPools pools) {
        ThreadLocalRoutingDataSource routing = new ThreadLocalRoutingDataSource();
        routing.setTargetDataSources(Map.of(StubPools.PRIMARY, pools.primary(),
                StubPools.REPLICA, pools.replica()));
        routing.setDefaultTargetDataSource(pools.primary());
        return routing;
    }

    @Bean
    ReadReplicaAspect readReplicaAspect() {
        return new ReadReplicaAspect();
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    BenchService benchService(DataSource dataSource) {
        return new Service(dataSource);
    }

    /** Home-made annotation for reads; writes use the default (primary). */
    public static class Service implements BenchService {
        private final DataSource ds;

        Service(DataSource ds) {
            this.ds = ds;
        }

        @Override
        @ReadReplica
        public int query() throws SQLException {
            return Jdbc.read(ds);
        }

        @Override
        @ReadReplica
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
