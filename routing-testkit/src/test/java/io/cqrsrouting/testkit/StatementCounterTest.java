package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-node statement counts on the real primary + standby, for the test's own assertions. */
class StatementCounterTest {

    private static PostgresReplicaSet set;
    private static StatementCounter counter;

    @BeforeAll
    static void setUp() throws SQLException {
        set = PostgresReplicaSet.shared(1);
        try (Connection c = Db.open(set.primaryJdbcUrl(), set)) {
            Db.exec(c, "create table if not exists counted_item (id int primary key, name text)");
            Db.exec(c, "insert into counted_item values (1, 'a') on conflict do nothing");
        }
        counter = StatementCounter.of(set);
        set.awaitReplay(0, Duration.ofSeconds(10));
    }

    @BeforeEach
    void reset() {
        counter.reset();
    }

    private static void select(String url, int id) throws SQLException {
        try (Connection c = Db.open(url, set);
                PreparedStatement ps = c.prepareStatement(
                        "select name from counted_item where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void countsWhatEachNodeRanSinceTheReset() throws SQLException {
        for (int i = 0; i < 3; i++) {
            select(set.standbyJdbcUrl(0), 1);
        }
        try (Connection c = Db.open(set.primaryJdbcUrl(), set)) {
            Db.exec(c, "update counted_item set name = 'b' where id = 1");
        }

        assertThat(counter.onStandby(0, "select % from counted_item%")).isEqualTo(3);
        assertThat(counter.onPrimary("select % from counted_item%")).isZero();
        assertThat(counter.onPrimary("update counted_item%")).isEqualTo(1);
        assertThat(counter.byNode("%counted_item%"))
                .isEqualTo(Map.of("primary", 1L, "standby1", 3L));
    }

    @Test
    void aResetForgetsOnEveryNodeAndTheCounterNeverCountsItself() throws SQLException {
        select(set.standbyJdbcUrl(0), 1);
        select(set.primaryJdbcUrl(), 1);
        assertThat(counter.byNode("%counted_item%")).containsValues(1L, 1L);

        counter.reset();

        assertThat(counter.byNode("%")).isEqualTo(Map.of("primary", 0L, "standby1", 0L));
        assertThat(counter.byNode("%")).as("counting twice counts nothing")
                .isEqualTo(Map.of("primary", 0L, "standby1", 0L));
    }
}
