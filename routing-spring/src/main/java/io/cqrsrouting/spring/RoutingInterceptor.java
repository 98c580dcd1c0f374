package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingSpi;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.retry.Retrier;
import io.cqrsrouting.core.retry.RetryPolicy;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * <p>A failure leaving the method is reported to the router ({@link RoutingSpi#reportFailure}), so a
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
    private final ResolvedIntents resolved;
    private volatile Retrier retrier;
    /** Methods retried by Spring's/Spring Retry's @Retryable or Resilience4j's @Retry. */
    private final ExternalRetry externalRetry = new ExternalRetry();

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
        this.resolved = new ResolvedIntents(intents);
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        RoutingIntent intent = resolved.intentOf(invocation.getMethod(), invocation.getThis());
        if (intent == null) {
            return invocation.proceed();
        }
        return route(invocation, intent);
    }

    /**
     * Runs {@code invocation} in a scope of {@code intent} (with method-level retry when
     * configured). Also used by the interceptors placed inside Spring Data repository proxies.
     */
    Object route(MethodInvocation invocation, RoutingIntent intent) throws Throwable {
        Route boundRoute = bound.current();
        Retrier r = retrier;
        // Retry only the outermost routed call, and never inside a caller's transaction: only
        // the caller could repeat its whole transaction.
        if (r != null && boundRoute == null && Routing.currentIntent() == null
                && invocation instanceof ProxyMethodInvocation proxyInvocation
                && !TransactionSynchronizationManager.isActualTransactionActive()
                && !externalRetry.retried(invocation.getMethod(), targetClass(invocation))) {
            return retrying(r, proxyInvocation, intent);
        }
        return once(invocation, intent, boundRoute);
    }

    private static Class<?> targetClass(MethodInvocation invocation) {
        Object target = invocation.getThis();
        return target != null ? AopUtils.getTargetClass(target) : null;
    }

    private static Object once(MethodInvocation invocation, RoutingIntent intent, Route boundRoute)
            throws Throwable {
        // One thread-local lookup for the scope: enter and exit use the same stack.
        RoutingSpi.Scopes scopes = RoutingSpi.scopes();
        int mark = scopes.enter(intent, boundRoute);
        try {
            return invocation.proceed();
        } catch (Throwable ex) {
            throw failed(ex, intent);
        } finally {
            scopes.exit(mark);
        }
    }

    private static Object retrying(Retrier r, ProxyMethodInvocation invocation,
            RoutingIntent intent) throws Throwable {
        try {
            // Each attempt runs on a fresh clone: a MethodInvocation can be proceeded only once.
            return r.call(intent, false, () -> {
                try {
                    return once(invocation.invocableClone(), intent, null);
                } catch (Exception e) {
                    throw e;
                } catch (Throwable t) {
                    throw new ErrorCarrier(t);
                }
            });
        } catch (ErrorCarrier carrier) {
            throw carrier.getCause();
        }
    }

    /**
     * Uses {@code policy} to retry failed calls at method level (reads always, commands only when
     * idempotent or provably not applied; never inside a caller's transaction; never a method
     * that Spring's or Spring Retry's {@code @Retryable} or Resilience4j's {@code @Retry} already
     * retries). Each call then allocates a copy of the method invocation; without a policy
     * nothing is retried.
     *
     * @param policy the policy, or {@code null} to switch retrying off
     */
    public void setRetryPolicy(RetryPolicy policy) {
        setRetryPolicy(policy, null);
    }

    /**
     * @param policy the policy, or {@code null} to switch retrying off
     * @param listener hears of each retry (metrics), or {@code null}
     */
    public void setRetryPolicy(RetryPolicy policy, Retrier.Listener listener) {
        this.retrier = policy == null || policy.maxAttempts() <= 1 ? null
                : listener == null ? new Retrier(policy) : new Retrier(policy, listener);
    }

    /** Carries an {@link Error} or other non-exception throwable through the retrier. */
    private static final class ErrorCarrier extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErrorCarrier(Throwable cause) {
            super(null, cause, false, false);
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
        WritesUnavailableException readOnly = RoutingSpi.reportFailure(ex, intent);
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
