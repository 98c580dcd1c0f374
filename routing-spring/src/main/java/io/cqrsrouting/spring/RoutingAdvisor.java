package io.cqrsrouting.spring;

import io.cqrsrouting.core.retry.Retrier;
import io.cqrsrouting.core.retry.RetryPolicy;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.Ordered;

/**
 * The advisor that applies the {@link RoutingInterceptor} to methods (or classes) annotated with
 * {@code @Command}, {@code @Query} or {@code @Consistent}, and, when enabled, to methods with
 * {@code @Transactional(readOnly = true)} and no routing annotation.
 *
 * <p>Its order is {@link #ORDER} ({@link Ordered#HIGHEST_PRECEDENCE}) so that the routing scope is
 * open before a transaction starts; {@link TransactionAdvisorOrdering} moves a transaction advisor
 * of the same order behind it. Registered by {@link EnableCqrsRouting} and by Spring Boot.
 */
public class RoutingAdvisor extends AbstractPointcutAdvisor
        implements BeanFactoryAware, SmartInitializingSingleton {

    private static final long serialVersionUID = 1L;

    /** The advisor's order: first of all advisors. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private final transient BoundRoutes bound = new BoundRoutes();
    private final transient RoutingInterceptor interceptor;
    private final transient RoutingPointcut pointcut;
    private transient ListableBeanFactory beanFactory;

    /**
     * @param readOnlyTransactionsAsQuery whether {@code @Transactional(readOnly = true)} counts as
     *     {@code @Query}
     */
    public RoutingAdvisor(boolean readOnlyTransactionsAsQuery) {
        IntentLookup intents = new IntentLookup(readOnlyTransactionsAsQuery);
        this.interceptor = new RoutingInterceptor(intents, bound);
        this.pointcut = new RoutingPointcut(intents);
        setOrder(ORDER);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }

    RoutingInterceptor interceptor() {
        return interceptor;
    }

    /** @return whether {@code @Transactional(readOnly = true)} counts as {@code @Query} */
    public boolean isReadOnlyTransactionsAsQuery() {
        return interceptor.intents().readOnlyTransactionsAsQuery();
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ListableBeanFactory listable) {
            bound.attach(listable);
            this.beanFactory = listable;
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        bound.complete();
        if (beanFactory != null) {
            // A RetryPolicy bean (Spring Boot defines one from cqrs.routing.retry.*) turns on
            // method-level retry.
            interceptor.setRetryPolicy(beanFactory.getBeanProvider(RetryPolicy.class)
                    .getIfUnique(), beanFactory.getBeanProvider(Retrier.Listener.class)
                    .getIfUnique());
        }
    }
}
