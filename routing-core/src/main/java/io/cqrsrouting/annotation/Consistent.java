package io.cqrsrouting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) as a <b>read that must see the latest writes</b>.
 *
 * <p>{@link Level#PRIMARY} (the default) always reads from the primary.
 * {@link Level#READ_YOUR_WRITES} may read from a replica once that replica has replayed the
 * caller's last committed write (its consistency token); it waits up to {@link #waitMillis()} for a
 * replica to catch up and otherwise reads from the primary.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Consistent {

    /**
     * How consistent the read must be.
     *
     * @return the level, {@link Level#PRIMARY} by default
     */
    Level value() default Level.PRIMARY;

    /**
     * For {@link Level#READ_YOUR_WRITES}: how long the read may wait for a replica to replay the
     * caller's last write before it goes to the primary. {@code 0} (the default) never waits.
     * Negative values are rejected.
     *
     * @return the wait in milliseconds
     */
    long waitMillis() default 0;

    /** Consistency levels, strongest first. */
    enum Level {
        /** Read from the read-write primary. Always current; costs primary capacity. */
        PRIMARY,
        /**
         * Read from a replica that has replayed the caller's last write, or else from the primary.
         * Sees the caller's own writes; may miss other callers' most recent writes.
         */
        READ_YOUR_WRITES
    }
}
