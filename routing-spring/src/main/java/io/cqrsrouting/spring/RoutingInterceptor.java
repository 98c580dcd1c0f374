package io.cqrsrouting.spring;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.WritesUnavailableException;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;

/**
 * Opens a routing scope around an annotated method: {@code @Command}, {@code @Query},
 * {@code @Consistent}, or (if enabled) {@code @Transactional(readOnly = true)} as a query.
 *
 * <p>If a Spring transaction has already bound a connection of a {@link RoutingDataSource}, that
 * connection's route wins (a bound connection never switches), and a command inside a transaction
 * bound to a replica fails at once with {@link io.cqrsrouting.core.RouteConflictException} naming
 * the method, before the method runs. The scope is closed in {@code finally}.
 *
 * <p>A failure leaving the method is reported to the router ({@link Routing#reportFailure}), so a
 * lost connection or a primary turned read-only is acted on before the monitor's next probe. A
 * {@link WritesUnavailableException} (directly or as a cause), or a command that the primary
 * rejected as read-only, is rethrown as {@link WritesUnavailableDataAccessException}.
 *
 * <p>The per-call path allocates nothing: intents are resolved once per method and cached.
 * Usually registered through {@link EnableCqrsRouting} or Spring Boot; it can also be added to a
 * {@code ProxyFactory} by hand.
 */
public class RoutingInterceptor implements MethodInterceptor {

    private final IntentLookup intents;
    private final BoundRoutes bound;

    /**
     * For use outside a bean factory (a hand-made {@code ProxyFactory}).
     *
     * @param readOnlyTransactionsAsQuery whether {@code @Transactional(readOnly = true)} counts as
     *     {@code @Query}
     * @param routers the routing data sources whose transaction-bound connections are honoured
     */
    public RoutingInterceptor(boolean readOnlyTransactionsAsQuery, RoutingDataSource... routers) {
        this(new IntentLookup(readOnlyTransactionsAsQuery), new BoundRoutes(routers));
    }

    RoutingInterceptor(IntentLookup intents, BoundRoutes bound) {
        this.intents = intents;
        this.bound = bound;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        // getTargetClass reads the class (or the proxy's target class): no allocation.
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : null;
        RoutingIntent intent = intents.intentOf(invocation.getMethod(), targetClass);
        if (intent == null) {
            return invocation.proceed();
        }
        int mark = Routing.enter(intent, bound.current());
        try {
            return invocation.proceed();
        } catch (Throwable ex) {
            throw failed(ex, intent);
        } finally {
            Routing.exit(mark);
        }
    }

    /**
     * Tells the router about the failure (a lost connection is evicted and re-probed at once; a
     * command rejected by a read-only primary starts writes-unavailable mode) and returns what to
     * throw: the Spring form of writes-unavailable, or the failure itself.
     */
    private static Throwable failed(Throwable ex, RoutingIntent intent) {
        if (ex instanceof WritesUnavailableDataAccessException || ex instanceof Error) {
            return ex; // an inner scope already reported and translated it
        }
        WritesUnavailableException readOnly = Routing.reportFailure(ex, intent);
        if (readOnly != null) {
            return new WritesUnavailableDataAccessException(readOnly);
        }
        return ex instanceof RuntimeException runtime
                ? WritesUnavailableDataAccessException.translate(runtime) : ex;
    }

    IntentLookup intents() {
        return intents;
    }
}
