package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** The JVM-wide primary + one standby, a router over it, and a table that records its writer. */
public final class TestCluster {

    public static final PostgresReplicaSet SET = PostgresReplicaSet.shared(1);

    private static volatile boolean schemaReady;

    private TestCluster() {
    }

    public static RoutingDataSource router() {
        return RoutingDataSource.builder()
                .name("jooq-test")
                .primary(SET.primaryJdbcUrl(), SET.username(), SET.password())
                .replica(SET.standbyJdbcUrl(0), SET.username(), SET.password())
                .poolSize(4)
                .build();
    }

    /** Creates {@code jooq_item} (whose {@code written_by} is the node that inserted the row). */
    public static synchronized void ensureSchema(RoutingDataSource router) throws SQLException {
        if (schemaReady) {
            return;
        }
        try (Connection c = router.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists jooq_item (id bigserial primary key, name text,"
                    + " written_by text default current_setting('cluster_name'))");
            s.execute("create or replace procedure jooq_touch() language sql as"
                    + " $$ insert into jooq_item(name) values ('touched') $$");
            s.execute("create or replace function jooq_touch_fn() returns text language sql as"
                    + " $$ insert into jooq_item(name) values ('touched by function');"
                    + " select current_setting('cluster_name') $$");
        }
        SET.awaitReplay(0, Duration.ofSeconds(15));
        schemaReady = true;
    }
}
