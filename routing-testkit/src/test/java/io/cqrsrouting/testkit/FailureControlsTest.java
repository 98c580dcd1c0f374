package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Controls that break a node and repair it again, on a set of this class's own. */
class FailureControlsTest {

    static PostgresReplicaSet set;

    @BeforeAll
    static void startSet() {
        set = PostgresReplicaSet.start(1);
    }

    @AfterAll
    static void closeSet() {
        set.close();
    }

    @Test
    void frozenNodeMakesQueriesHangAndUnfreezingAnswersThem() throws Exception {
        try (Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            set.standby(0).freeze();
            CompletableFuture<String> query = CompletableFuture.supplyAsync(() -> {
                try {
                    return Db.one(s, "select 42");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                assertThatThrownBy(() -> query.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            } finally {
                set.standby(0).unfreeze();
            }
            assertThat(query.get(10, TimeUnit.SECONDS)).isEqualTo("42");
        }
    }

    @Test
    void readOnlyPrimaryRejectsWritesOnAnExistingConnectionThenAcceptsThemAgain() throws SQLException {
        String table = Db.uniqueTable("readonly");
        try (Connection pooled = Db.open(set.primaryJdbcUrl(), set)) {
            Db.exec(pooled, "create table " + table + "(id int)");
            set.setPrimaryReadOnly(true);
            try {
                assertThatThrownBy(() -> Db.exec(pooled, "insert into " + table + " values (1)"))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
                assertThat(PostgresReplicaSet.isStandby(pooled)).isFalse(); // read-only, yet not a standby
            } finally {
                set.setPrimaryReadOnly(false);
            }
            Db.exec(pooled, "insert into " + table + " values (1)");
            assertThat(Db.count(pooled, table)).isEqualTo(1);
        }
    }

    @Test
    void synchronousReplicationMakesCommitsWaitForAStandby() throws Exception {
        String table = Db.uniqueTable("sync");
        try (Connection p = Db.open(set.primaryJdbcUrl(), set)) {
            Db.exec(p, "create table " + table + "(id int)");
            set.synchronousReplication(true);
            try {
                set.standby(0).freeze();
                CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                    try {
                        Db.exec(p, "insert into " + table + " values (1)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try {
                    assertThatThrownBy(() -> commit.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                } finally {
                    set.standby(0).unfreeze();
                }
                commit.get(10, TimeUnit.SECONDS);
            } finally {
                set.synchronousReplication(false);
            }
        }
    }

    @Test
    void killedStandbyRestartsAndCatchesUp() throws SQLException {
        String table = Db.uniqueTable("restarted");
        set.standby(0).kill();
        assertThat(set.standby(0).isRunning()).isFalse();
        assertThatThrownBy(() -> Db.open(set.standbyJdbcUrl(0), set)).isInstanceOf(SQLException.class);
        try (Connection p = Db.open(set.primaryJdbcUrl(), set)) {
            Db.exec(p, "create table " + table + "(id int)");
            Db.exec(p, "insert into " + table + " values (1)");
        }
        set.standby(0).start();
        set.awaitReplay(0, Duration.ofSeconds(10));
        try (Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            assertThat(Db.count(s, table)).isEqualTo(1);
        }
    }

    @Test
    void stoppedNodeRefusesConnectionsUntilStarted() throws SQLException {
        set.standby(0).stop();
        assertThatThrownBy(() -> Db.open(set.standbyJdbcUrl(0), set))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        set.standby(0).start();
        try (Connection s = Db.open(set.standbyJdbcUrl(0), set)) {
            assertThat(PostgresReplicaSet.isStandby(s)).isTrue();
        }
    }
}
