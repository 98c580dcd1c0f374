package io.cqrsrouting.spring.aot;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.annotation.ShardKey;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What cqrs-routing reads reflectively at run time, for a GraalVM native image (registered in
 * {@code META-INF/spring/aot.factories}, so Spring AOT applies it to every application that has
 * this jar):
 *
 * <ul>
 *   <li>the routing annotations' attributes ({@code @Command(idempotent)},
 *       {@code @Query(maxStalenessMillis)}, {@code @Consistent(value, waitMillis)},
 *       {@code @ShardKey}), read through Spring's merged annotations;</li>
 *   <li>mssql-jdbc's error accessors ({@code SQLServerException.getSQLServerError()},
 *       {@code SQLServerError.getErrorSeverity()}), which the failure classifier calls by
 *       reflection because the driver is optional — only when the driver is on the class path.</li>
 * </ul>
 *
 * <p>The application's own annotated beans get their hints from
 * {@link RoutingBeanRegistrationAotProcessor}.
 */
public class RoutingRuntimeHints implements RuntimeHintsRegistrar {

    private static final String SQLSERVER_EXCEPTION =
            "com.microsoft.sqlserver.jdbc.SQLServerException";
    private static final String SQLSERVER_ERROR = "com.microsoft.sqlserver.jdbc.SQLServerError";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        for (Class<?> annotation : new Class<?>[] {Command.class, Query.class, Consistent.class,
                ShardKey.class, Consistent.Level.class}) {
            hints.reflection().registerType(annotation, MemberCategory.INVOKE_DECLARED_METHODS);
        }
        if (ClassUtils.isPresent(SQLSERVER_EXCEPTION, classLoader)) {
            hints.reflection().registerType(TypeReference.of(SQLSERVER_EXCEPTION),
                    MemberCategory.INVOKE_PUBLIC_METHODS);
            hints.reflection().registerType(TypeReference.of(SQLSERVER_ERROR),
                    MemberCategory.INVOKE_PUBLIC_METHODS);
        }
    }
}
