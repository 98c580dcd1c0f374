package io.cqrsrouting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) as a <b>read that may be served by a replica</b>.
 *
 * <p>Replica reads are eventually consistent: they may miss writes committed a moment ago. Use
 * {@link Consistent} where that matters. A query called inside a {@link Command} (or any other
 * primary scope) stays on the primary. With no replica eligible (all down, or lagging past the
 * staleness bound) the read goes to the primary, or fails if the router is configured to fail fast.
 *
 * <p>With Spring, {@code @Transactional @Query} opens its transaction on a replica: the routing
 * interceptor runs before the transaction interceptor.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Query {

    /** Value of {@link #maxStalenessMillis()} meaning "use the router's configured default bound". */
    long DEFAULT_STALENESS = -1;

    /**
     * The most replica lag this read tolerates, in milliseconds. A replica whose measured lag
     * exceeds the bound does not serve the read. {@code -1} (the default) uses the bound configured
     * on the router, which is "no bound" unless set. {@code 0} accepts only replicas that have
     * replayed everything the primary has written. Other negative values are rejected.
     *
     * @return the bound in milliseconds, or {@code -1}
     */
    long maxStalenessMillis() default DEFAULT_STALENESS;
}
