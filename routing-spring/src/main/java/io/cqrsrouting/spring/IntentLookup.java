package io.cqrsrouting.spring;

import io.cqrsrouting.core.IntentResolver;
import io.cqrsrouting.core.RoutingIntent;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;

/**
 * The intent of a method as Spring sees it: the routing annotations (through the core's cached
 * {@link IntentResolver}), else, when enabled, {@code @Transactional(readOnly = true)} as a query.
 * Both answers are cached per (class, method), so a lookup allocates nothing after the first.
 */
final class IntentLookup {

    private static final Object NONE = new Object();

    /** Null when read-only transactions do not count as queries. */
    private final TransactionAttributeSource transactions;

    private final ClassValue<ConcurrentHashMap<Method, Object>> readOnlyCache =
            new ClassValue<>() {
                @Override
                protected ConcurrentHashMap<Method, Object> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    IntentLookup(boolean readOnlyTransactionsAsQuery) {
        // false: like Spring's own transaction interceptor, non-public methods count too.
        this.transactions = readOnlyTransactionsAsQuery
                ? new AnnotationTransactionAttributeSource(false) : null;
    }

    boolean readOnlyTransactionsAsQuery() {
        return transactions != null;
    }

    /**
     * @param method the invoked method
     * @param targetClass the class of the target, or null
     * @return the intent, or null if the method is not routed
     * @throws io.cqrsrouting.core.RoutingConfigurationException if its annotations conflict
     */
    RoutingIntent intentOf(Method method, Class<?> targetClass) {
        RoutingIntent intent = IntentResolver.resolve(method, targetClass);
        if (intent != null || transactions == null) {
            return intent;
        }
        Class<?> key = targetClass != null ? targetClass : method.getDeclaringClass();
        ConcurrentHashMap<Method, Object> perClass = readOnlyCache.get(key);
        Object cached = perClass.get(method);
        if (cached == null) {
            cached = readOnlyQuery(method, key);
            perClass.putIfAbsent(method, cached);
        }
        return cached == NONE ? null : (RoutingIntent) cached;
    }

    private Object readOnlyQuery(Method method, Class<?> targetClass) {
        TransactionAttribute tx = transactions.getTransactionAttribute(method, targetClass);
        if (tx == null || !tx.isReadOnly()) {
            return NONE;
        }
        return RoutingIntent.query().withOrigin(targetClass.getSimpleName() + "."
                + method.getName() + " (@Transactional(readOnly = true))");
    }
}
