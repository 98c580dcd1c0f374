package io.cqrsrouting.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method parameter that holds the shard key of shard map {@link #value()}: connections
 * taken from that map's sharded data source during the call go to the shard holding the
 * argument's value. The routing annotations ({@link Command}, {@link Query}, {@link Consistent})
 * still pick the node inside the shard.
 *
 * <p>With Spring (module {@code routing-shard}) the shard scope opens before a transaction
 * starts, like the routing scope. A {@code null} argument fails the call before any connection is
 * taken, with an exception naming the method.
 *
 * <pre>{@code
 * @Query
 * @Transactional(readOnly = true)
 * public Account find(@ShardKey("accounts") long customerId, long accountId) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ShardKey {

    /** @return the name of the shard map the key belongs to */
    String value();
}
