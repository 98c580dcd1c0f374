package io.cqrsrouting.spring;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.WritesUnavailableException;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttributeSource;

/**
 * Writes-unavailable for code that carries no routing annotation: a read-write
 * {@code @Transactional} method (a service flushing JPA entities, a {@code JdbcTemplate} update)
 * whose write the primary rejects as read-only (PostgreSQL SQLState 25006, SQL Server 3906) gets
 * {@link WritesUnavailableDataAccessException} — whatever the persistence layer wrapped the
 * database's error in — and the router enters writes-unavailable mode at once. Failures of other
 * kinds, and read-only errors from a node that is not the router's primary, pass unchanged.
 *
 * <p>Ordered with the {@link RoutingAdvisor}, in front of the transaction advisor, so failures
 * raised at commit (JPA flushes there) are seen too. The per-call path is a try/catch.
 */
final class WritesUnavailableAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient Pointcut pointcut = new ReadWriteTransactions();
    private final transient MethodInterceptor interceptor = WritesUnavailableAdvisor::invoke;

    WritesUnavailableAdvisor() {
        setOrder(RoutingAdvisor.ORDER);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }

    private static Object invoke(MethodInvocation invocation) throws Throwable {
        try {
            return invocation.proceed();
        } catch (RuntimeException ex) {
            throw translate(ex);
        }
    }

    /**
     * @param ex what left a read-write transactional method
     * @return the Spring form of writes-unavailable if the primary rejected a write as read-only
     *     (or the router already said writes are unavailable); otherwise {@code ex}
     */
    static RuntimeException translate(RuntimeException ex) {
        RuntimeException translated = WritesUnavailableDataAccessException.translate(ex);
        if (translated != ex) {
            return translated;
        }
        // Reported as the write it was: the router checks that the node which rejected it is its
        // primary (the thread's last endpoint) before it enters writes-unavailable mode.
        WritesUnavailableException readOnly = Routing.reportFailure(ex, RoutingIntent.command());
        return readOnly != null ? new WritesUnavailableDataAccessException(readOnly) : ex;
    }

    /** Methods that run in a read-write Spring transaction ({@code @Transactional}, JTA too). */
    private static final class ReadWriteTransactions extends StaticMethodMatcherPointcut {
        // false: like Spring's own transaction interceptor, non-public methods count too.
        private final TransactionAttributeSource transactions =
                new AnnotationTransactionAttributeSource(false);

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            TransactionAttribute tx = transactions.getTransactionAttribute(method, targetClass);
            return tx != null && !tx.isReadOnly();
        }
    }
}
