package io.cqrsrouting.shard.spring;

import io.cqrsrouting.annotation.ShardKey;
import io.cqrsrouting.shard.ShardMapException;
import io.cqrsrouting.shard.Sharding;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a shard scope ({@link Sharding#enter}) for the {@link ShardKey} parameter of a method,
 * before the transaction interceptor runs. The parameter is found once per method and cached;
 * the per-call path allocates nothing. A {@code null} key fails before the method runs.
 */
public final class ShardKeyInterceptor implements MethodInterceptor {

    /** Where a method's shard key is: parameter index and map name. */
    record KeyParameter(int index, String map, String description) {
    }

    private static final KeyParameter NONE = new KeyParameter(-1, null, null);

    private final Map<Method, KeyParameter> cache = new ConcurrentHashMap<>();

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        KeyParameter p = cache.get(method);
        if (p == null) {
            Object target = invocation.getThis();
            p = cache.computeIfAbsent(method, m -> find(m, target == null ? null : AopUtils.getTargetClass(target)));
        }
        if (p == NONE) {
            return invocation.proceed();
        }
        Object key = invocation.getArguments()[p.index()];
        if (key == null) {
            throw new ShardMapException("the @ShardKey(\"" + p.map() + "\") argument of " + p.description()
                    + " is null: no shard can be chosen");
        }
        int mark = Sharding.enter(p.map(), key);
        try {
            return invocation.proceed();
        } finally {
            Sharding.exit(mark);
        }
    }

    /** @return the method's shard key parameter, looking at the target class's override too */
    static KeyParameter find(Method method, Class<?> targetClass) {
        KeyParameter p = scan(method);
        if (p == NONE && targetClass != null) {
            Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
            if (specific != method) {
                p = scan(specific);
            }
        }
        return p;
    }

    private static KeyParameter scan(Method m) {
        Annotation[][] params = m.getParameterAnnotations();
        KeyParameter found = NONE;
        for (int i = 0; i < params.length; i++) {
            for (Annotation a : params[i]) {
                if (a instanceof ShardKey k) {
                    if (found != NONE) {
                        throw new ShardMapException(describe(m) + " has more than one @ShardKey parameter");
                    }
                    if (k.value().isBlank()) {
                        throw new ShardMapException("@ShardKey on " + describe(m) + " names no shard map");
                    }
                    found = new KeyParameter(i, k.value(), describe(m));
                }
            }
        }
        return found;
    }

    private static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()";
    }
}
