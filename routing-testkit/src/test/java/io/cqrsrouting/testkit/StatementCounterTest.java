package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.testkit.junit.ReplicaSetTest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-node statement counts read from the real primary and hot standby: exact right after the
 * statement (no waiting), by kind and by pattern, reset on every node, never counting the counter.
 */
@ReplicaSetTest(standbys = 1, countStatements = true)
class StatementCounterTest {

    private static PostgresReplicaSet set;
    private static StatementCounter statements;

    @BeforeAll
    static void setUp(PostgresReplicaSet db, StatementCounter counter) throws SQLException {
        set = db;
        statements = counter;
        try (Connection c = Db.open(set.primaryJdbcUrl(), set)) {
            Db.exec(c, "create table if not exists counted_item (id int primary key, name text)");
            Db.exec(c, "insert into counted_item values (1, 'a') on conflict do nothing");
        }
        set.awaitReplay(0, Duration.ofSeconds(30));
    }

    @BeforeEach
    void reset() {
        statements.reset();
    }

    private static String select(Connection c, String sql, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void countsWhatEachNodeRanRightAfterItRan(StatementCounter injected) throws SQLException {
        assertThat(injected).isSameAs(set.statements());
        try (Connection standby = Db.open(set.standbyJdbcUrl(0), set);
                Connection primary = Db.open(set.primaryJdbcUrl(), set)) {
            for (int i = 1; i <= 3; i++) {
                select(standby, "select name from counted_item where id = ?", 1);
                assertThat(statements.on("standby1").selects()).as("counted at once").isEqualTo(i);
            }
            Db.exec(primary, "update counted_item set name = 'b' where id = 1");
            Db.exec(primary, "insert into counted_item values (2, 'x') on conflict (id) do nothing");
            Db.exec(primary, "delete from counted_item where id = 2");
        }

        StatementCounts standby = statements.onStandby(0);
        assertThat(standby.node()).isEqualTo("standby1");
        assertThat(standby.matching("select name from counted_item where id = $1")).isEqualTo(3);
        assertThat(standby.matching("SELECT %   FROM counted_item %")).isEqualTo(3);
        assertThat(standby.updates() + standby.inserts() + standby.deletes()).isZero();

        StatementCounts primary = statements.onPrimary();
        assertThat(primary.selects()).as(primary.toString()).isZero();
        assertThat(primary.updates()).isEqualTo(1);
        assertThat(primary.inserts()).isEqualTo(1);
        assertThat(primary.deletes()).isEqualTo(1);
        assertThat(statements.byNode("%counted_item%")).containsExactly(
                Map.entry("primary", 3L), Map.entry("standby1", 3L));
    }

    @Test
    void aStatementInATransactionCountsByTheCommitAndLeadingCommentsAreIgnored() throws SQLException {
        try (Connection standby = Db.open(set.standbyJdbcUrl(0), set)) {
            standby.setAutoCommit(false);
            standby.setReadOnly(true);
            select(standby, "/* cqrs:primary */ select name from counted_item where id = ?", 1);
            select(standby, "-- a note\nselect id from counted_item where id = ?", 1);
            standby.commit();
        }
        StatementCounts counts = statements.on("standby1");
        assertThat(counts.selects()).as(counts.toString()).isEqualTo(2);
        assertThat(counts.matching("select name from counted_item %")).isEqualTo(1);
        assertThat(counts.matching("select id from counted_item %")).isEqualTo(1);
        assertThat(counts.matching("select % from counted_item where id = $_")).isEqualTo(2);
    }

    @Test
    void aResetForgetsOnEveryNodeAndTheCounterNeverCountsItself() throws SQLException {
        try (Connection standby = Db.open(set.standbyJdbcUrl(0), set);
                Connection primary = Db.open(set.primaryJdbcUrl(), set)) {
            select(standby, "select name from counted_item where id = ?", 1);
            select(primary, "select name from counted_item where id = ?", 1);
        }
        assertThat(statements.byNode("%counted_item%")).containsExactly(
                Map.entry("primary", 1L), Map.entry("standby1", 1L));

        statements.reset();

        assertThat(statements.onPrimary().total()).isZero();
        assertThat(statements.onStandby(0).total()).isZero();
        assertThat(statements.byNode("%")).as("reading counts counts nothing")
                .containsExactly(Map.entry("primary", 0L), Map.entry("standby1", 0L));
    }

    @Test
    void aSetWithoutTheLibraryRefusesClearlyAndUnknownNodesAreNamed() {
        assertThatThrownBy(() -> PostgresReplicaSet.shared(1).statements())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pg_stat_statements")
                .hasMessageContaining("StatementCounter.SETTING")
                .hasMessageContaining("countStatements = true");
        assertThatThrownBy(() -> statements.on("standby7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standby7");
    }
}
