package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Promotion after the primary dies: the irreversible scenario, on its own set. */
class FailoverTest {

    @Test
    void afterThePrimaryIsKilledAPromotedStandbyAcceptsWritesAndTheOtherStandbyFollowsIt() throws SQLException {
        try (PostgresReplicaSet set = PostgresReplicaSet.start(2)) {
            String table = Db.uniqueTable("failover");
            try (Connection p = Db.open(set.primaryJdbcUrl(), set)) {
                Db.exec(p, "create table " + table + "(id int)");
                Db.exec(p, "insert into " + table + " values (1)");
            }
            set.awaitReplay(0, Duration.ofSeconds(10));
            set.awaitReplay(1, Duration.ofSeconds(10));

            Connection stale = Db.open(set.primaryJdbcUrl(), set);
            set.primary().kill();
            assertThatThrownBy(() -> Db.one(stale, "select 1")).isInstanceOf(SQLException.class);
            stale.close();

            Duration took = set.promote(0);
            System.out.println("promotion took " + took.toMillis() + " ms");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(set.currentPrimary()).isSameAs(set.standby(0));

            set.standby(1).follow(set.standby(0));
            try (Connection np = Db.open(set.standbyJdbcUrl(0), set)) {
                assertThat(PostgresReplicaSet.servedBy(np)).isEqualTo("standby1");
                assertThat(PostgresReplicaSet.isStandby(np)).isFalse();
                Db.exec(np, "insert into " + table + " values (2)");
            }
            set.standby(1).awaitReplay(set.standby(0).walLsn(), Duration.ofSeconds(10));
            try (Connection s2 = Db.open(set.standbyJdbcUrl(1), set)) {
                assertThat(Db.count(s2, table)).isEqualTo(2);
                assertThat(PostgresReplicaSet.isStandby(s2)).isTrue();
            }
        }
    }
}
