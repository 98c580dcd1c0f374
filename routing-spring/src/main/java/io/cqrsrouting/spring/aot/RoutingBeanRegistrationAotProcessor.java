package io.cqrsrouting.spring.aot;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Native-image hints for the application's beans that carry {@code @Command}, {@code @Query} or
 * {@code @Consistent} on the class, a method, a superclass or an interface: the routing
 * interceptor looks the annotated declaration up by reflection ({@code getDeclaredMethod} along
 * the class hierarchy and interfaces) and the proxy invokes the target method reflectively. Each
 * such type is registered for reflection with {@code INVOKE_DECLARED_METHODS} (registration
 * itself makes its methods introspectable).
 * Registered in {@code META-INF/spring/aot.factories}.
 */
public class RoutingBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    private static final Class<? extends Annotation>[] ROUTING = routingAnnotations();

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (!isRouted(beanClass)) {
            return null;
        }
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            types.add(c);
        }
        types.addAll(ClassUtils.getAllInterfacesForClassAsSet(beanClass));
        return (GenerationContext context, BeanRegistrationCode code) -> {
            ReflectionHints reflection = context.getRuntimeHints().reflection();
            for (Class<?> type : types) {
                reflection.registerType(type, MemberCategory.INVOKE_DECLARED_METHODS);
            }
        };
    }

    /** @return whether the type, one of its methods, supertypes or interfaces is annotated */
    static boolean isRouted(Class<?> type) {
        if (type.getName().startsWith("java.")) {
            return false;
        }
        for (Class<? extends Annotation> annotation : ROUTING) {
            if (AnnotatedElementUtils.hasAnnotation(type, annotation)) {
                return true;
            }
        }
        boolean[] found = {false};
        ReflectionUtils.doWithMethods(type, (Method m) -> found[0] = true,
                m -> !found[0] && isAnnotated(m));
        if (found[0]) {
            return true;
        }
        for (Class<?> itf : ClassUtils.getAllInterfacesForClassAsSet(type)) {
            for (Method m : itf.getMethods()) {
                if (isAnnotated(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAnnotated(Method m) {
        for (Class<? extends Annotation> annotation : ROUTING) {
            if (AnnotatedElementUtils.hasAnnotation(m, annotation)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation>[] routingAnnotations() {
        return new Class[] {Command.class, Query.class, Consistent.class};
    }
}
