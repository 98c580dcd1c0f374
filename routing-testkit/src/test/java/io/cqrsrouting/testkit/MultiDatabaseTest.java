package io.cqrsrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several databases per set, served by every node; two sets side by side; wal_level=logical. */
class MultiDatabaseTest {

    static PostgresReplicaSet one;
    static PostgresReplicaSet two;
    static Duration secondStart;

    @BeforeAll
    static void start() {
        one = PostgresReplicaSet.shared(1);
        long t0 = System.nanoTime();
        two = PostgresReplicaSet.start(1);
        secondStart = Duration.ofNanos(System.nanoTime() - t0);
    }

    @AfterAll
    static void stop() {
        if (two != null) {
            two.close();
        }
    }

    @Test
    void everyNodeServesEveryCreatedDatabase() throws SQLException {
        String a = one.createDatabase("multi_a");
        String b = one.createDatabase("multi_b");
        assertThat(one.createDatabase("multi_a")).isEqualTo(a); // idempotent
        assertThat(one.databases()).contains("postgres", a, b);
        try (Connection pa = Db.open(one.primaryJdbcUrl(a), one);
                Connection sa = Db.open(one.standbyJdbcUrl(0, a), one);
                Connection sb = Db.open(one.standbyJdbcUrl(0, b), one)) {
            assertThat(Db.one(pa, "select current_database() || '@' || current_setting('cluster_name')"))
                    .isEqualTo("multi_a@primary");
            assertThat(Db.one(sa, "select current_database() || '@' || current_setting('cluster_name')"))
                    .isEqualTo("multi_a@standby1");
            assertThat(Db.one(sb, "select current_database()")).isEqualTo("multi_b");
            String table = Db.uniqueTable("only_in_a");
            Db.exec(pa, "create table " + table + "(id int)");
            Db.exec(pa, "insert into " + table + " values (7)");
            one.awaitReplay(0, Duration.ofSeconds(10));
            assertThat(Db.one(sa, "select id from " + table)).isEqualTo("7");
            assertThatThrownBy(() -> Db.one(sb, "select id from " + table))
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void twoSetsRunSideBySideWithLogicalWal() throws SQLException {
        assertThat(two.primaryPort()).isNotEqualTo(one.primaryPort());
        assertThat(secondStart).isLessThan(Duration.ofSeconds(20));
        two.createDatabase("multi_a");
        try (Connection p1 = Db.open(one.primaryJdbcUrl(), one); Connection p2 = Db.open(two.primaryJdbcUrl("multi_a"), two)) {
            assertThat(Db.one(p1, "show wal_level")).isEqualTo("logical");
            assertThat(Db.one(p2, "show wal_level")).isEqualTo("logical");
            assertThat(Db.one(p2, "select inet_server_port()")).isEqualTo(Integer.toString(two.primaryPort()));
        }
    }

    @Test
    void badDatabaseNamesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> one.createDatabase("x; drop")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x; drop");
    }
}
