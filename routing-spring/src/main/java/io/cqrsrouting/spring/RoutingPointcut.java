package io.cqrsrouting.spring;

import java.lang.reflect.Method;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches the methods that have an intent. Evaluated when proxies are created, so conflicting
 * annotations fail the application context at start-up rather than on the first call.
 */
final class RoutingPointcut extends StaticMethodMatcherPointcut {

    private final IntentLookup intents;

    RoutingPointcut(IntentLookup intents) {
        this.intents = intents;
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        return intents.intentOf(method, targetClass) != null;
    }

    @Override
    public String toString() {
        return "RoutingPointcut[readOnlyTransactionsAsQuery="
                + intents.readOnlyTransactionsAsQuery() + "]";
    }
}
