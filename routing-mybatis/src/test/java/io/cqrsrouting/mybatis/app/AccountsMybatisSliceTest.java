package io.cqrsrouting.mybatis.app;

import static io.cqrsrouting.mybatis.TestCluster.SET;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mybatis.spring.boot.test.autoconfigure.MybatisTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @MybatisTest} includes the router's auto-configuration and its MyBatis plugin: with only
 * {@code cqrs.routing.*} properties, the slice's mapper runs on the router, a {@code <select>} on
 * the standby and an {@code <insert>} on the primary (the database says which node ran each: the
 * row selected with {@code current_setting('cluster_name')}, the inserted row's default column).
 */
@MybatisTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED) // each statement routes itself
class AccountsMybatisSliceTest {

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) {
        registry.add("cqrs.routing.primary.url", SET::primaryJdbcUrl);
        registry.add("cqrs.routing.primary.username", SET::username);
        registry.add("cqrs.routing.primary.password", SET::password);
        registry.add("cqrs.routing.replicas[0].url", () -> SET.standbyJdbcUrl(0));
        registry.add("cqrs.routing.replicas[0].username", SET::username);
        registry.add("cqrs.routing.replicas[0].password", SET::password);
        registry.add("cqrs.routing.pool.max-size", () -> "2");
    }

    @BeforeAll
    static void schema() throws Exception {
        try (Connection c = primary(); Statement s = c.createStatement()) {
            s.execute("create table if not exists app_account (id bigserial primary key,"
                    + " name text unique, written_by text default current_setting('cluster_name'))");
        }
        SET.awaitReplay(0, Duration.ofSeconds(15));
    }

    private static Connection primary() throws Exception {
        return DriverManager.getConnection(SET.primaryJdbcUrl(), SET.username(), SET.password());
    }

    @Autowired DataSource dataSource;
    @Autowired AccountMapper accounts;

    @Test
    void theSliceReadsOnTheStandbyAndWritesOnThePrimary() throws Exception {
        assertThat(dataSource).isInstanceOf(RoutingDataSource.class);
        assertThat(((RoutingDataSource) dataSource).awaitMonitor(1, 10_000)).isTrue();

        String name = "slice-" + System.nanoTime();
        Account created = new Account(name);
        accounts.insert(created);
        try (Connection c = primary();
                PreparedStatement s = c.prepareStatement(
                        "select written_by, pg_is_in_recovery() from app_account where id = ?")) {
            s.setLong(1, created.getId());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("the row is on the primary").isTrue();
                assertThat(rs.getString(1)).as("the node that ran the insert").isEqualTo("primary");
                assertThat(rs.getBoolean(2)).isFalse();
            }
        }

        SET.awaitReplay(0, Duration.ofSeconds(15));
        // A plain mapper select, no routing API (a fresh session: this one just wrote).
        Account read = Routing.session(() -> accounts.findById(created.getId()));
        assertThat(read.getName()).isEqualTo(name);
        assertThat(read.getServedBy()).as("the node that ran the select").isEqualTo("standby1");
    }
}
