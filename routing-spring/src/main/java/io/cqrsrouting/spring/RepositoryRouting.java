package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingIntent;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.TargetSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Routes Spring Data repositories with no change to their interfaces.
 *
 * <p>A repository is a proxy that Spring Data builds around its implementation class (for example
 * {@code SimpleJpaRepository}, whose class-level {@code @Transactional(readOnly = true)} makes
 * every read a read-only transaction), with its own transaction interceptor inside. A pointcut
 * matched when proxies are created sees only that proxy, never the implementation, so the
 * auto-proxy creator cannot route it. This post-processor instead puts a routing interceptor
 * first in each repository proxy's own chain, where the implementation class is known and the
 * scope opens before Spring Data's transaction begins. The intent of each method is resolved once
 * ({@link RepositoryIntents}).
 *
 * <p>Works with any Spring Data module whose repositories are Spring AOP proxies (JPA, JDBC,
 * and others); without Spring Data on the class path it does nothing.
 */
public final class RepositoryRouting implements BeanPostProcessor, BeanFactoryAware, Ordered {

    private static final Class<?> REPOSITORY = resolve("org.springframework.data.repository.Repository");

    private BeanFactory beanFactory;
    private volatile RoutingAdvisor routing;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName)
            throws BeansException {
        if (REPOSITORY == null || !REPOSITORY.isInstance(bean) || !(bean instanceof Advised)) {
            return bean;
        }
        Advised repository = innermost((Advised) bean);
        if (repository == null || repository.isFrozen() || routed(repository)) {
            return bean;
        }
        Class<?> implementation = repository.getTargetClass();
        Class<?> repositoryInterface = repositoryInterface(repository);
        if (repositoryInterface == null) {
            return bean;
        }
        RoutingAdvisor advisor = advisor();
        RepositoryIntents intents = new RepositoryIntents(repositoryInterface, implementation,
                advisor.isReadOnlyTransactionsAsQuery());
        // First in the chain: the scope is open before Spring Data's transaction starts.
        repository.addAdvisor(0, new Advisor(intents, advisor.interceptor()));
        return bean;
    }

    private RoutingAdvisor advisor() {
        RoutingAdvisor a = routing;
        if (a == null) {
            a = beanFactory.getBean(RoutingRegistrar.ADVISOR_BEAN_NAME, RoutingAdvisor.class);
            routing = a;
        }
        return a;
    }

    /** The Spring Data proxy itself, also when another proxy (an aspect) wraps it. */
    private static Advised innermost(Advised proxy) {
        Advised current = proxy;
        for (int depth = 0; depth < 4; depth++) {
            Class<?> targetClass = current.getTargetClass();
            if (targetClass == null || !Proxy.isProxyClass(targetClass)) {
                return current;
            }
            try {
                TargetSource source = current.getTargetSource();
                Object inner = source.isStatic() ? source.getTarget() : null;
                if (!(inner instanceof Advised next)) {
                    return null;
                }
                current = next;
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    private static boolean routed(Advised repository) {
        for (org.springframework.aop.Advisor a : repository.getAdvisors()) {
            if (a instanceof Advisor) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> repositoryInterface(Advised repository) {
        for (Class<?> itf : repository.getProxiedInterfaces()) {
            if (REPOSITORY.isAssignableFrom(itf) && !itf.getName().startsWith("org.springframework.")) {
                return itf;
            }
        }
        for (Class<?> itf : repository.getProxiedInterfaces()) {
            if (REPOSITORY.isAssignableFrom(itf)) {
                return itf;
            }
        }
        return null;
    }

    private static Class<?> resolve(String name) {
        ClassLoader loader = RepositoryRouting.class.getClassLoader();
        return ClassUtils.isPresent(name, loader) ? ClassUtils.resolveClassName(name, loader) : null;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after any auto-proxy creator: sees the final bean
    }

    /** Matches the repository methods that have an intent; the advice opens their scope. */
    static final class Advisor extends StaticMethodMatcherPointcutAdvisor {
        private static final long serialVersionUID = 1L;
        private final transient RepositoryIntents intents;

        Advisor(RepositoryIntents intents, RoutingInterceptor routing) {
            this.intents = intents;
            setAdvice((MethodInterceptor) invocation -> invoke(intents, routing, invocation));
        }

        private static Object invoke(RepositoryIntents intents, RoutingInterceptor routing,
                MethodInvocation invocation) throws Throwable {
            RoutingIntent intent = intents.of(invocation.getMethod());
            return intent == null ? invocation.proceed() : routing.route(invocation, intent);
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return intents.of(method) != null;
        }
    }
}
