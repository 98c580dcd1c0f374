package io.cqrsrouting.spring;

import io.cqrsrouting.core.IntentResolver;
import io.cqrsrouting.core.RoutingIntent;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.ClassUtils;

/**
 * The intent of a Spring Data repository method, resolved once per method from the repository
 * interface and the class that implements it (for example {@code SimpleJpaRepository}):
 *
 * <ol>
 *   <li>{@code @Command}, {@code @Query} or {@code @Consistent} on the method or the repository
 *       interface (or the implementation) — explicit intent wins;</li>
 *   <li>Spring Data's {@code @Modifying} on the method: a command;</li>
 *   <li>the method's {@code @Transactional}, looked up as Spring Data does (the method, the
 *       interface declaring it, then the implementing method and its class):
 *       {@code readOnly = true} is a query (unless read-only transactions do not count as
 *       queries), a read-write transaction a command — so {@code findAll}/{@code findById} read
 *       from a replica and {@code save}/{@code delete} write on the primary;</li>
 *   <li>a query method with no transaction: {@code delete…By}/{@code remove…By} and
 *       {@code @Procedure} are commands; {@code find|read|get|query|search|stream|count|exists…By}
 *       and a declared {@code @Query} are queries;</li>
 *   <li>anything else (a custom fragment's method) has no intent: the thread's scope or the
 *       router's default applies.</li>
 * </ol>
 */
final class RepositoryIntents {

    private static final Object NONE = new Object();
    private static final Pattern READ = Pattern.compile(
            "^(find|read|get|query|search|stream|count|exists)(\\p{Lu}.*?)??By.*|^(find|read|get"
                    + "|query|search|stream)(All|First\\d*|Top\\d*|Distinct)?$");
    private static final Pattern DELETE = Pattern.compile("^(delete|remove)(\\p{Lu}.*?)??By.*");

    private final Class<?> repositoryInterface;
    private final Class<?> implementation;
    private final boolean readOnlyAsQuery;
    private final ConcurrentHashMap<Method, Object> cache = new ConcurrentHashMap<>();

    RepositoryIntents(Class<?> repositoryInterface, Class<?> implementation,
            boolean readOnlyAsQuery) {
        this.repositoryInterface = repositoryInterface;
        this.implementation = implementation;
        this.readOnlyAsQuery = readOnlyAsQuery;
    }

    /** @return the intent of {@code method}, or null; allocation-free after the first call */
    RoutingIntent of(Method method) {
        Object cached = cache.get(method);
        if (cached == null) {
            RoutingIntent computed = compute(method);
            cached = computed != null ? computed : NONE;
            cache.putIfAbsent(method, cached);
        }
        return cached == NONE ? null : (RoutingIntent) cached;
    }

    private RoutingIntent compute(Method method) {
        if (method.getDeclaringClass() == Object.class) {
            return null;
        }
        RoutingIntent explicit = IntentResolver.resolve(method, repositoryInterface);
        if (explicit == null && implementation != null) {
            explicit = IntentResolver.resolve(method, implementation);
        }
        if (explicit != null) {
            return explicit;
        }
        String origin = repositoryInterface.getSimpleName() + "." + method.getName();
        if (springData(method, "Modifying") != null) {
            return RoutingIntent.command().withOrigin(origin + " (@Modifying)");
        }
        Transactional tx = transactional(method);
        if (tx != null) {
            if (!tx.readOnly()) {
                return RoutingIntent.command().withOrigin(origin + " (@Transactional)");
            }
            return readOnlyAsQuery ? RoutingIntent.query().withOrigin(origin
                    + " (@Transactional(readOnly = true))") : null;
        }
        String name = method.getName();
        if (DELETE.matcher(name).matches() || springData(method, "Procedure") != null) {
            return RoutingIntent.command().withOrigin(origin + " (Spring Data write)");
        }
        if (!readOnlyAsQuery) {
            return null;
        }
        if (READ.matcher(name).matches() || springData(method, "Query") != null) {
            return RoutingIntent.query().withOrigin(origin + " (Spring Data read)");
        }
        return null;
    }

    private Transactional transactional(Method method) {
        Transactional tx = find(method);
        if (tx == null) {
            tx = find(method.getDeclaringClass());
        }
        if (tx == null && implementation != null) {
            Method impl = ClassUtils.getMostSpecificMethod(method, implementation);
            if (impl != method) {
                tx = find(impl);
                if (tx == null) {
                    tx = find(impl.getDeclaringClass());
                }
            }
        }
        return tx;
    }

    private static Transactional find(AnnotatedElement element) {
        return AnnotatedElementUtils.findMergedAnnotation(element, Transactional.class);
    }

    /** A Spring Data annotation ({@code org.springframework.data.*}) of that simple name. */
    private static Annotation springData(Method method, String simpleName) {
        for (Annotation a : method.getAnnotations()) {
            Class<? extends Annotation> type = a.annotationType();
            if (type.getSimpleName().equals(simpleName)
                    && type.getName().startsWith("org.springframework.data.")) {
                return a;
            }
        }
        return null;
    }
}
