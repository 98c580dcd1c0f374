package io.cqrsrouting.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import com.zaxxer.hikari.HikariDataSource;

import java.lang.management.ManagementFactory;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.sql.Connection;

import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** §8: the per-call path allocates nothing, with and without a bound transaction. */
class RoutingInterceptorAllocationTest {

    private static final int CALLS = 200_000;

    public static class Service {
        @Query
        public Object read() {
            return null;
        }

        @Command
        public Object write() {
            return null;
        }
    }

    /** One reusable invocation, so the only allocations measured are the interceptor's. */
    static final class ReusableInvocation implements MethodInvocation {
        final Object target = new Service();
        final Object[] noArgs = new Object[0];
        final Method method;
        Route seen;

        ReusableInvocation(String name) throws NoSuchMethodException {
            method = Service.class.getMethod(name);
        }

        @Override
        public Method getMethod() {
            return method;
        }

        @Override
        public Object[] getArguments() {
            return noArgs;
        }

        @Override
        public Object proceed() {
            seen = Routing.currentRoute();
            return null;
        }

        @Override
        public Object getThis() {
            return target;
        }

        @Override
        public AccessibleObject getStaticPart() {
            return method;
        }
    }

    @Test
    void interceptorAllocatesNothingPerCall() throws Throwable {
        RoutingInterceptor interceptor = new RoutingInterceptor(true);
        ReusableInvocation read = new ReusableInvocation("read");
        ReusableInvocation write = new ReusableInvocation("write");

        long bytes = allocatedBy(() -> {
            interceptor.invoke(read);
            interceptor.invoke(write);
        });

        assertThat(read.seen).isEqualTo(Route.REPLICA);
        assertThat(write.seen).isEqualTo(Route.PRIMARY);
        assertThat(bytes).as("bytes allocated by %s calls", 2 * CALLS).isLessThan(16_384);
    }

    @Test
    void interceptorAllocatesNothingPerCallInsideABoundTransaction() throws Throwable {
        try (HikariDataSource primary = ReplicaSetSupport.primaryPool();
                HikariDataSource standby = ReplicaSetSupport.standbyPool();
                RoutingDataSource router = RoutingDataSource.builder().primary(primary)
                        .replica(standby).build()) {
            assertThat(router.awaitMonitor(1, 10_000)).isTrue();
            RoutingInterceptor interceptor = new RoutingInterceptor(true, router);
            ReusableInvocation read = new ReusableInvocation("read");
            try (Connection replica = Routing.query(router::getConnection)) {
                TransactionSynchronizationManager.bindResource(router, new ConnectionHolder(replica));
                TransactionSynchronizationManager.setActualTransactionActive(true);
                try {
                    long bytes = allocatedBy(() -> interceptor.invoke(read));

                    assertThat(read.seen).isEqualTo(Route.REPLICA);
                    assertThat(bytes).isLessThan(16_384);
                } finally {
                    TransactionSynchronizationManager.setActualTransactionActive(false);
                    TransactionSynchronizationManager.unbindResource(router);
                }
            }
        }
    }

    interface Call {
        void run() throws Throwable;
    }

    private static long allocatedBy(Call call) throws Throwable {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < CALLS; i++) { // warm-up: caches filled, code compiled
            call.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
