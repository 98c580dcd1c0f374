package io.cqrsrouting.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AbstractBeanFactoryPointcutAdvisor;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.PriorityOrdered;
import org.springframework.transaction.interceptor.BeanFactoryTransactionAttributeSourceAdvisor;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * Keeps every transaction advisor behind the {@link RoutingAdvisor}: one whose order is the
 * routing advisor's or earlier (for example {@code @EnableTransactionManagement(order =
 * Ordered.HIGHEST_PRECEDENCE)}) is moved to the next order. The routing scope must be open before
 * the transaction manager takes a connection, or {@code @Transactional @Query} would begin on the
 * primary.
 *
 * <p>{@link PriorityOrdered}, so it is in place before the auto-proxy creator instantiates any
 * advisor.
 */
public final class TransactionAdvisorOrdering implements BeanPostProcessor, PriorityOrdered {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionAdvisorOrdering.class);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractPointcutAdvisor advisor && isTransactional(advisor)
                && advisor.getOrder() <= RoutingAdvisor.ORDER) {
            LOG.debug("cqrs-routing: moving transaction advisor '{}' from order {} to {}, behind"
                    + " the routing advisor", beanName, advisor.getOrder(), RoutingAdvisor.ORDER + 1);
            advisor.setOrder(RoutingAdvisor.ORDER + 1);
        }
        return bean;
    }

    private static boolean isTransactional(AbstractPointcutAdvisor advisor) {
        if (advisor instanceof BeanFactoryTransactionAttributeSourceAdvisor) {
            return true;
        }
        // Its advice is a bean reference: resolving it here would create that bean too early.
        if (advisor instanceof AbstractBeanFactoryPointcutAdvisor) {
            return false;
        }
        return advisor.getAdvice() instanceof TransactionInterceptor;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
