package io.cqrsrouting.testkit.junit;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test's {@code cqrs.routing.*} at a replica set: the primary and every
 * standby as {@code cqrs.routing.primary.*} and {@code cqrs.routing.replicas[n].*}.
 *
 * <pre>{@code
 * @SpringBootTest
 * class OrderServiceTest {
 *     @DynamicPropertySource
 *     static void db(DynamicPropertyRegistry registry) {
 *         ReplicaSetProperties.register(registry, PostgresReplicaSet.shared(1));
 *     }
 * }
 * }</pre>
 *
 * Needs spring-test on the class path (only for {@link #register}).
 */
public final class ReplicaSetProperties {

    private ReplicaSetProperties() {
    }

    /**
     * @param set the replica set
     * @return the {@code cqrs.routing.*} properties that route to it, in order
     */
    public static Map<String, String> of(PostgresReplicaSet set) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("cqrs.routing.primary.url", set.primaryJdbcUrl());
        properties.put("cqrs.routing.primary.username", set.username());
        properties.put("cqrs.routing.primary.password", set.password());
        for (int i = 0; i < set.standbyCount(); i++) {
            String replica = "cqrs.routing.replicas[" + i + "].";
            properties.put(replica + "url", set.standbyJdbcUrl(i));
            properties.put(replica + "username", set.username());
            properties.put(replica + "password", set.password());
        }
        return properties;
    }

    /**
     * Adds {@link #of(PostgresReplicaSet)} to a {@code @DynamicPropertySource} registry.
     *
     * @param registry the test's registry
     * @param set the replica set
     */
    public static void register(DynamicPropertyRegistry registry, PostgresReplicaSet set) {
        of(set).forEach((key, value) -> registry.add(key, () -> value));
    }
}
