package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the routing annotations of a method into a {@link RoutingIntent}.
 *
 * <p>Precedence: an annotation on the method (on the implementation, then on the interface it
 * implements) beats one on its class (the target class and its superclasses, then the declaring
 * class, then interfaces). Annotations may also be used as meta-annotations on an annotation of
 * your own. Two routing annotations on one element are rejected with a
 * {@link RoutingConfigurationException} naming both.
 *
 * <p>{@link #resolve(Method, Class)} caches its answer per target class and method, so calling it
 * on every invocation is an allocation-free O(1) lookup after the first call.
 */
public final class IntentResolver {

    private static final Object NONE = new Object();

    private static final ClassValue<ConcurrentHashMap<Method, Object>> CACHE =
            new ClassValue<>() {
                @Override
                protected ConcurrentHashMap<Method, Object> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    private IntentResolver() {
    }

    /**
     * Returns the intent of {@code method} when invoked on an instance of {@code targetClass}.
     *
     * @param method the invoked method (possibly an interface method)
     * @param targetClass the class of the target object, or {@code null} if unknown
     * @return the intent, or {@code null} if neither the method nor its class is annotated
     * @throws RoutingConfigurationException if annotations conflict or carry invalid values
     */
    public static RoutingIntent resolve(Method method, Class<?> targetClass) {
        Class<?> key = targetClass != null ? targetClass : method.getDeclaringClass();
        ConcurrentHashMap<Method, Object> perClass = CACHE.get(key);
        Object cached = perClass.get(method);
        if (cached == null) {
            RoutingIntent computed = compute(method, key);
            cached = computed != null ? computed : NONE;
            perClass.putIfAbsent(method, cached);
        }
        return cached == NONE ? null : (RoutingIntent) cached;
    }

    private static RoutingIntent compute(Method method, Class<?> targetClass) {
        String origin = targetClass.getSimpleName() + "." + method.getName();
        for (Method candidate : methodCandidates(method, targetClass)) {
            RoutingIntent intent = fromElement(candidate, origin);
            if (intent != null) {
                return intent;
            }
        }
        for (Class<?> type : typeCandidates(method, targetClass)) {
            RoutingIntent intent = fromElement(type, origin);
            if (intent != null) {
                return intent;
            }
        }
        return null;
    }

    private static List<Method> methodCandidates(Method method, Class<?> targetClass) {
        List<Method> candidates = new ArrayList<>(4);
        for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
            addDeclared(candidates, c, method);
        }
        candidates.add(method);
        for (Class<?> itf : allInterfaces(targetClass)) {
            addDeclared(candidates, itf, method);
        }
        return candidates;
    }

    private static void addDeclared(List<Method> into, Class<?> type, Method like) {
        try {
            Method m = type.getDeclaredMethod(like.getName(), like.getParameterTypes());
            if (!m.isBridge() && !into.contains(m)) {
                into.add(m);
            }
        } catch (NoSuchMethodException ignored) {
            // not declared on this type; keep walking
        }
    }

    private static List<Class<?>> typeCandidates(Method method, Class<?> targetClass) {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
            types.add(c);
        }
        if (!types.contains(method.getDeclaringClass())) {
            types.add(method.getDeclaringClass());
        }
        for (Class<?> itf : allInterfaces(targetClass)) {
            if (!types.contains(itf)) {
                types.add(itf);
            }
        }
        return types;
    }

    private static Set<Class<?>> allInterfaces(Class<?> type) {
        Set<Class<?>> result = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            collectInterfaces(c, result);
        }
        return result;
    }

    private static void collectInterfaces(Class<?> type, Set<Class<?>> into) {
        for (Class<?> itf : type.getInterfaces()) {
            if (into.add(itf)) {
                collectInterfaces(itf, into);
            }
        }
    }

    /** Reads the routing annotations declared directly (or as meta-annotations) on one element. */
    private static RoutingIntent fromElement(AnnotatedElement element, String origin) {
        Command command = find(element, Command.class);
        Query query = find(element, Query.class);
        Consistent consistent = find(element, Consistent.class);
        List<String> present = new ArrayList<>(3);
        if (command != null) {
            present.add("@Command");
        }
        if (query != null) {
            present.add("@Query");
        }
        if (consistent != null) {
            present.add("@Consistent");
        }
        if (present.size() > 1) {
            throw new RoutingConfigurationException(origin, String.join(" and ", present)
                    + " on one " + (element instanceof Method ? "method" : "type")
                    + "; a method has exactly one routing intent, keep one of them");
        }
        if (command != null) {
            return RoutingIntent.command(command.idempotent()).withOrigin(origin);
        }
        if (query != null) {
            // checked here to name the annotation and the method in the message
            RoutingIntent.checkStaleness("@Query(maxStalenessMillis) on " + origin,
                    query.maxStalenessMillis());
            return RoutingIntent.query(query.maxStalenessMillis()).withOrigin(origin);
        }
        if (consistent != null) {
            RoutingIntent.checkWait("@Consistent(waitMillis) on " + origin, consistent.waitMillis());
            return RoutingIntent.consistent(consistent.value(), consistent.waitMillis())
                    .withOrigin(origin);
        }
        return null;
    }

    private static <A extends Annotation> A find(AnnotatedElement element, Class<A> type) {
        A direct = element instanceof Class<?> ? ((Class<?>) element).getDeclaredAnnotation(type)
                : element.getAnnotation(type);
        if (direct != null) {
            return direct;
        }
        for (Annotation a : element.getDeclaredAnnotations()) {
            A meta = a.annotationType().getAnnotation(type);
            if (meta != null) {
                return meta;
            }
        }
        return null;
    }
}
