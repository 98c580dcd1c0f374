package io.cqrsrouting.spring;

import io.cqrsrouting.core.RoutingIntent;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.TargetClassAware;
import org.springframework.aop.support.AopUtils;

/**
 * The interceptor's per-call intent lookup: the final answer of {@link IntentLookup} cached per
 * (runtime class of the target, method), so a call costs one {@link ClassValue} read and one map
 * read, and never {@link AopUtils#getTargetClass} (which inspects the class name of a CGLIB
 * proxy). A target that reports its own target class ({@link TargetClassAware}, e.g. a proxy
 * used as a target) may vary per instance and is resolved each time, as before.
 */
final class ResolvedIntents {

    /** Cached "not routed": a map cannot hold null. */
    private static final Object NOT_ROUTED = new Object();

    private final IntentLookup intents;

    private final ClassValue<ConcurrentHashMap<Method, Object>> byRuntimeClass =
            new ClassValue<>() {
                @Override
                protected ConcurrentHashMap<Method, Object> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    ResolvedIntents(IntentLookup intents) {
        this.intents = intents;
    }

    /**
     * @param method the invoked method
     * @param target the invocation's target, or null
     * @return the intent, or null if the method is not routed
     * @throws io.cqrsrouting.core.RoutingConfigurationException if its annotations conflict (not
     *     cached: every call fails the same way)
     */
    RoutingIntent intentOf(Method method, Object target) {
        if (target instanceof TargetClassAware) {
            return intents.intentOf(method, AopUtils.getTargetClass(target));
        }
        Class<?> key = target != null ? target.getClass() : method.getDeclaringClass();
        ConcurrentHashMap<Method, Object> perClass = byRuntimeClass.get(key);
        Object cached = perClass.get(method);
        if (cached == null) {
            RoutingIntent intent = intents.intentOf(method,
                    target != null ? AopUtils.getTargetClass(target) : null);
            cached = intent != null ? intent : NOT_ROUTED;
            perClass.putIfAbsent(method, cached);
        }
        return cached == NOT_ROUTED ? null : (RoutingIntent) cached;
    }
}
