package io.cqrsrouting.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against an embedded PostgreSQL primary with hot standbys: declare a
 * {@link io.cqrsrouting.testkit.PostgresReplicaSet} parameter (constructor, {@code @BeforeAll},
 * {@code @BeforeEach} or test method) and it is injected. All tests of the class share one set.
 *
 * <pre>{@code
 * @ReplicaSetTest(standbys = 1)
 * class OrderRepositoryTest {
 *     @Test
 *     void readsGoToTheStandby(PostgresReplicaSet db) { ... db.standbyJdbcUrl(0) ... }
 * }
 * }</pre>
 *
 * <p>With {@code shared = true} (default) the set is the JVM-wide {@code PostgresReplicaSet.shared(n)},
 * started once for every class that asks for the same number of standbys: fast, but a test must not
 * break its nodes. With {@code shared = false} the class gets a fresh set of its own, closed after
 * its last test, for tests that kill, promote or pause nodes. With {@code countStatements = true}
 * the set loads {@code pg_stat_statements} and a {@code StatementCounter} parameter is injected too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ReplicaSetExtension.class)
public @interface ReplicaSetTest {

    /** @return how many hot standbys to start next to the primary */
    int standbys() default 1;

    /** @return whether to use the JVM-wide set (true) or a fresh one for this class (false) */
    boolean shared() default true;

    /**
     * @return whether the set loads {@code pg_stat_statements} so tests can count statements per
     *     node ({@link io.cqrsrouting.testkit.StatementCounter}, also injectable as a parameter);
     *     a shared counting set is a different JVM-wide set from the plain one
     */
    boolean countStatements() default false;
}
