package io.cqrsrouting.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cqrsrouting.testkit.PostgresReplicaSet;

import jakarta.servlet.http.Cookie;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The sample as its README describes it, on the embedded primary + standby. */
@SpringBootTest
@AutoConfigureMockMvc
class OrdersSampleTest {

    static final PostgresReplicaSet SET = PostgresReplicaSet.shared(1);

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
