package io.cqrsrouting.spring;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Finds methods that another retry mechanism already retries, so that the routing interceptor does
 * not retry them too (attempts would multiply: 3 × 3 = 9 calls against a failing database). Looks
 * for these annotations, by name (none of them needs to be on the class path), on the method, the
 * method it implements or overrides, or its class, also as meta-annotations:
 * <ul>
 *   <li>{@code org.springframework.resilience.annotation.Retryable} (Spring Framework 7);</li>
 *   <li>{@code org.springframework.retry.annotation.Retryable} (Spring Retry);</li>
 *   <li>{@code io.github.resilience4j.retry.annotation.Retry} (Resilience4j).</li>
 * </ul>
 * Resolved once per method and target class; later calls are one map read, no allocation.
 */
final class ExternalRetry {

    static final String[] ANNOTATIONS = {
        "org.springframework.resilience.annotation.Retryable",
        "org.springframework.retry.annotation.Retryable",
        "io.github.resilience4j.retry.annotation.Retry"};

    private final ClassValue<ConcurrentHashMap<Method, Boolean>> cache = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, Boolean> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * @param method the invoked method
     * @param targetClass the target's class, or null
     * @return whether another mechanism retries calls of it
     */
    boolean retried(Method method, Class<?> targetClass) {
        ConcurrentHashMap<Method, Boolean> byMethod =
                cache.get(targetClass != null ? targetClass : method.getDeclaringClass());
        Boolean known = byMethod.get(method);
        if (known != null) {
            return known;
        }
        boolean found = find(method, targetClass);
        byMethod.putIfAbsent(method, found);
        return found;
    }

    private static boolean find(Method method, Class<?> targetClass) {
        Method specific = targetClass != null ? AopUtils.getMostSpecificMethod(method, targetClass)
                : method;
        MergedAnnotations onMethod = MergedAnnotations.from(specific, SearchStrategy.TYPE_HIERARCHY);
        MergedAnnotations onClass = MergedAnnotations.from(
                targetClass != null ? targetClass : method.getDeclaringClass(),
                SearchStrategy.TYPE_HIERARCHY);
        for (String annotation : ANNOTATIONS) {
            if (onMethod.isPresent(annotation) || onClass.isPresent(annotation)) {
                return true;
            }
        }
        return false;
    }
}
