package io.cqrsrouting.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import io.cqrsrouting.testkit.StatementCounter;
import io.cqrsrouting.testkit.StatementCounts;

import jakarta.servlet.http.Cookie;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The sample as its README describes it, on the embedded primary + standby; which node ran what is
 * asked of the servers ({@code cluster_name} in the answer, {@code pg_stat_statements} counts).
 */
@SpringBootTest
@AutoConfigureMockMvc
class OrdersSampleTest {

    static final PostgresReplicaSet SET =
            PostgresReplicaSet.shared("orders-sample", 1, StatementCounter.SETTING);

    @DynamicPropertySource
    static void replicaSet(DynamicPropertyRegistry registry) {
        OrdersSample.replicaSetProperties(SET).forEach((k, v) -> registry.add((String) k, () -> v));
    }

    @Autowired MockMvc mvc;

    @AfterEach
    void resume() {
        SET.resumeReplay(0);
        SET.awaitReplay(0, Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpa", "jdbc", "jooq", "mybatis"})
    void eachApiWritesOnThePrimaryAndReadsTheStandby(String via) throws Exception {
        StatementCounter statements = SET.statements();
        statements.reset();
        String item = via + "-" + UUID.randomUUID();
        String location = mvc.perform(post("/orders").param("item", item).param("via", via))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getHeader("Location");
        long id = Long.parseLong(location.substring("/orders/".length()));

        StatementCounts primary = statements.onPrimary();
        StatementCounts standby = statements.onStandby(0);
        assertThat(primary.matching("insert into %purchase_order%")).as(primary.toString()).isEqualTo(1);
        assertThat(standby.inserts()).as(standby.toString()).isZero();
        assertThat(onPrimary("select item from purchase_order where id = " + id)).isEqualTo(item);

        SET.awaitReplay(0, Duration.ofSeconds(10));
        String total = onPrimary("select count(*) from purchase_order");
        statements.reset();
        mvc.perform(get("/orders/report").param("via", via)).andExpect(status().isOk())
                .andExpect(jsonPath("$.servedBy").value("standby1"))
                .andExpect(jsonPath("$.orders").value(Long.parseLong(total)));
        StatementCounts read = statements.onStandby(0);
        assertThat(read.matching("select %purchase_order%")).as(read.toString()).isEqualTo(1);
        assertThat(statements.onPrimary().matching("%purchase_order%"))
                .as(statements.onPrimary().toString()).isZero();
    }

    private static String onPrimary(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SET.primaryJdbcUrl(), SET.username(), SET.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(PostgresReplicaSet.isStandby(c)).isFalse();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void anUnknownApiIsABadRequest() throws Exception {
        mvc.perform(get("/orders/report").param("via", "odbc")).andExpect(status().isBadRequest());
    }

    @Test
    void theReportIsServedByTheStandby() throws Exception {
        SET.awaitReplay(0, Duration.ofSeconds(10));
        mvc.perform(get("/orders/report")).andExpect(status().isOk())
                .andExpect(jsonPath("$.servedBy").value("standby1"));
    }

    @Test
    void theTokenCookieShowsTheUsersOwnOrderWhileTheStandbyLags() throws Exception {
        SET.awaitReplay(0, Duration.ofSeconds(10));
        SET.pauseReplay(0);
        String item = "book-" + UUID.randomUUID();
        MvcResult placed = mvc.perform(post("/orders").param("item", item))
                .andExpect(status().isSeeOther()).andReturn();
        Cookie token = placed.getResponse().getCookie("cqrs-consistency");
        assertThat(token).as("consistency token cookie").isNotNull();
        String location = placed.getResponse().getHeader("Location");

        mvc.perform(get(location).cookie(token)).andExpect(content().string(item));
        mvc.perform(get(location)).andExpect(status().isNotFound()); // another user: the standby
    }

    @Test
    void prometheusShowsTheRoutingMeters() throws Exception {
        mvc.perform(get("/orders/report")).andExpect(status().isOk());
        String scrape = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(scrape).contains("cqrs_routing_connections_total")
                .contains("endpoint=\"replica-1\"").contains("cluster=\"orders\"");
    }
}
