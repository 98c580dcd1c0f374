package io.cqrsrouting.shard.spring;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;

import java.lang.reflect.Method;

/**
 * Applies {@link ShardKeyInterceptor} to bean methods with a {@code @ShardKey} parameter. Its
 * order is {@link Ordered#HIGHEST_PRECEDENCE}, ahead of the transaction advisor, so the shard is
 * chosen before a transaction takes its connection.
 */
public final class ShardKeyAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    private final transient ShardKeyInterceptor interceptor = new ShardKeyInterceptor();
    private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return ShardKeyInterceptor.find(method, targetClass).index() >= 0;
        }
    };

    /** An advisor of order {@link Ordered#HIGHEST_PRECEDENCE}. */
    public ShardKeyAdvisor() {
        setOrder(Ordered.HIGHEST_PRECEDENCE);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }
}
