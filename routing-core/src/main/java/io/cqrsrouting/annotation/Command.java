package io.cqrsrouting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) as a <b>write</b>: it runs on the read-write primary.
 *
 * <p>Everything called inside a command stays on the primary, so a read made by the command sees
 * the command's own writes. A method annotation beats the annotation of its class. A method may
 * carry at most one of {@code @Command}, {@link Query} and {@link Consistent}; two of them are
 * rejected when the method is first resolved (at start-up in Spring), naming both.
 *
 * <p>Inside a transaction that is already bound to a replica, a command cannot run (a bound
 * connection never switches): it fails at once with
 * {@link io.cqrsrouting.core.RouteConflictException} naming the method.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Command {

    /**
     * Whether running the method twice has the same effect as running it once. Only an idempotent
     * command is retried after a failure whose outcome is unknown (for example a connection lost
     * during commit). A non-idempotent command is retried only when the database provably applied
     * nothing (the primary was read-only, or the connection could not be opened).
     *
     * @return {@code true} if the command may be repeated safely
     */
    boolean idempotent() default false;
}
