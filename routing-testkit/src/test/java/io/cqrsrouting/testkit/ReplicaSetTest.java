package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Non-destructive behaviour, on the JVM-wide shared set with one standby. */
class ReplicaSetTest {

    static PostgresReplicaSet set;

    @BeforeAll
    static void startSet() {
        set = PostgresReplicaSet.shared(1);
    }

    @Test
    void startsAPrimaryAndAStandbyThatNameThemselves() throws SQLException {
        assertThat(set.standbyCount()).isEqualTo(1);
        assertThat(set.primaryJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + set.primaryPort() + "/postgres");
        assertThat(set.standbyJdbcUrl(0)).isEqualTo("jdbc:postgresql://127.0.0.1:" + set.standbyPort(0) + "/postgres");
        try (Connection p = Db.open(set.primaryJdbcUrl(), set); Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            assertThat(PostgresReplicaSet.servedBy(p)).isEqualTo("primary");
            assertThat(PostgresReplicaSet.isStandby(p)).isFalse();
            assertThat(PostgresReplicaSet.servedBy(s)).isEqualTo("standby1");
            assertThat(PostgresReplicaSet.isStandby(s)).isTrue();
        }
        assertThat(set.currentPrimary()).isSameAs(set.primary());
    }

    @Test
    void standbyIsInRecoveryAndRejectsWritesWithSqlState25006() throws SQLException {
        try (Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            assertThat(Db.one(s, "select pg_is_in_recovery()")).isEqualTo("t");
            assertThatThrownBy(() -> Db.exec(s, "create table not_here(id int)"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
        }
    }

    @Test
    void rowWrittenOnThePrimaryBecomesVisibleOnTheStandby() throws SQLException {
        String table = Db.uniqueTable("replicated");
        try (Connection p = Db.open(set.primaryJdbcUrl(), set); Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            Db.exec(p, "create table " + table + "(id int)");
            Db.exec(p, "insert into " + table + " values (1)");
            set.awaitReplay(0, Duration.ofSeconds(10));
            assertThat(Db.count(s, table)).isEqualTo(1);
            assertThat(set.standbyReplayLsn(0)).isGreaterThanOrEqualTo(set.primaryWalLsn() - 1_000_000);
        }
    }

    @Test
    void pausedReplayHidesNewRowsOnTheStandbyUntilResumed() throws SQLException {
        String table = Db.uniqueTable("paused");
        try (Connection p = Db.open(set.primaryJdbcUrl(), set); Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            Db.exec(p, "create table " + table + "(id int)");
            set.awaitReplay(0, Duration.ofSeconds(10));
            set.pauseReplay(0);
            try {
                Db.exec(p, "insert into " + table + " values (1)");
                long written = set.primaryWalLsn();
                assertThatThrownBy(() -> set.awaitReplay(0, Duration.ofMillis(300)))
                        .isInstanceOf(PostgresTestkitException.class).hasMessageContaining("paused");
                assertThat(Db.count(s, table)).isZero();
                assertThat(set.standbyReplayLsn(0)).isLessThan(written);
            } finally {
                set.resumeReplay(0);
            }
            set.awaitReplay(0, Duration.ofSeconds(10));
            assertThat(Db.count(s, table)).isEqualTo(1);
        }
    }

    @Test
    void connectingRequiresThePassword() {
        Properties noPassword = new Properties();
        noPassword.setProperty("user", set.username());
        assertThatThrownBy(() -> DriverManager.getConnection(set.primaryJdbcUrl(), noPassword).close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(set.standbyJdbcUrl(0), set.username(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void passwordAppearsNeitherInUrlsNorInDescriptions() {
        assertThat(set.password()).isNotBlank();
        assertThat(set.primaryJdbcUrl()).doesNotContain(set.password());
        assertThat(set.toString()).doesNotContain(set.password());
        assertThat(set.primary().toString()).doesNotContain(set.password());
    }

    @Test
    void closingTheSharedSetLeavesItRunning() throws SQLException {
        set.close();
        try (Connection p = Db.open(set.primaryJdbcUrl(), set)) {
            assertThat(PostgresReplicaSet.servedBy(p)).isEqualTo("primary");
        }
        assertThat(PostgresReplicaSet.shared(1)).isSameAs(set);
    }
}
