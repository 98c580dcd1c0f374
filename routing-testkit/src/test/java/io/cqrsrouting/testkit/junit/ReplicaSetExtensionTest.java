package io.cqrsrouting.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code @ReplicaSetTest} injects one replica set per class, everywhere a test asks for it, and the
 * set is a real primary with streaming hot standbys.
 */
@ReplicaSetTest(standbys = 2, shared = false)
class ReplicaSetExtensionTest {

    private static PostgresReplicaSet fromBeforeAll;

    private final PostgresReplicaSet fromConstructor;

    ReplicaSetExtensionTest(PostgresReplicaSet db) {
        this.fromConstructor = db;
    }

    @BeforeAll
    static void remember(PostgresReplicaSet db) {
        fromBeforeAll = db;
    }

    @Test
    void theInjectedSetIsAPrimaryWithTwoHotStandbys(PostgresReplicaSet db) throws SQLException {
        assertThat(db).isSameAs(fromBeforeAll).isSameAs(fromConstructor)
                .isNotSameAs(PostgresReplicaSet.shared(2));
        assertThat(db.standbyCount()).isEqualTo(2);
        try (Connection primary = DriverManager.getConnection(db.primaryJdbcUrl(), db.username(),
                db.password());
                Connection standby = DriverManager.getConnection(db.standbyJdbcUrl(1),
                        db.username(), db.password())) {
            assertThat(PostgresReplicaSet.servedBy(primary)).isEqualTo("primary");
            assertThat(PostgresReplicaSet.isStandby(primary)).isFalse();
            assertThat(PostgresReplicaSet.servedBy(standby)).isEqualTo("standby2");
            assertThat(PostgresReplicaSet.isStandby(standby)).isTrue();
        }
    }

    @Test
    void springPropertiesNameThePrimaryAndEveryStandby(PostgresReplicaSet db) {
        Map<String, String> properties = ReplicaSetProperties.of(db);
        assertThat(properties).containsEntry("cqrs.routing.primary.url", db.primaryJdbcUrl())
                .containsEntry("cqrs.routing.replicas[0].url", db.standbyJdbcUrl(0))
                .containsEntry("cqrs.routing.replicas[1].url", db.standbyJdbcUrl(1))
                .containsEntry("cqrs.routing.replicas[1].password", db.password())
                .hasSize(9);
    }

    @Nested
    class Inner {
        @Test
        void nestedClassesShareTheOuterSet(PostgresReplicaSet db) {
            assertThat(db).isSameAs(fromBeforeAll);
        }
    }
}
