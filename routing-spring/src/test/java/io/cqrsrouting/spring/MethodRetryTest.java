package io.cqrsrouting.spring;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.failure.RetryPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Method-level retry with a real connection loss: the first attempt's server process is
 * terminated ({@code pg_terminate_backend}, SQLState 57P01); reads are retried, a command whose
 * outcome is unknown is not, an idempotent one is, and nothing is retried inside a transaction.
 */
@SpringJUnitConfig(MethodRetryTest.Config.class)
class MethodRetryTest {

    /** Kills its own connection on the first attempt, then answers which node served it. */
    public static class Flaky {
        final JdbcTemplate jdbc;
        int attempts;

        public Flaky(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public int attempts() {
            return attempts;
        }

        public void reset() {
            attempts = 0;
        }

        String attempt() {
            attempts++;
            if (attempts == 1) {
                jdbc.execute("SELECT pg_terminate_backend(pg_backend_pid())");
            }
            return ReplicaSetSupport.node(jdbc);
        }

        @Query
        public String read() {
            return attempt();
        }

        @Command
        public String write() {
            return attempt();
        }

        @Command(idempotent = true)
        public String idempotentWrite() {
            return attempt();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableCqrsRouting
    @EnableTransactionManagement
    static class Config {
        @Bean(destroyMethod = "close")
        RoutingDataSource dataSource() throws InterruptedException {
            RoutingDataSource router = RoutingDataSource.builder().name("retry-test")
                    .primary(ReplicaSetSupport.primaryPool())
                    .replica(ReplicaSetSupport.standbyPool()).build();
            return ReplicaSetSupport.monitored(router, 1);
        }

        @Bean
        RetryPolicy retryPolicy() {
            return RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
                    .maxBackoff(Duration.ofMillis(20)).deadline(Duration.ofSeconds(5)).build();
        }

        @Bean
        JdbcTemplate jdbcTemplate(RoutingDataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        DataSourceTransactionManager transactionManager(RoutingDataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        Flaky flaky(JdbcTemplate jdbc) {
            return new Flaky(jdbc);
        }
    }

    @Autowired
    Flaky flaky;

    @BeforeEach
    void reset() {
        flaky.reset();
    }

    @Test
    void readIsRetriedAfterALostConnectionAndServedByTheStandby() {
        assertThat(flaky.read()).isEqualTo(ReplicaSetSupport.STANDBY);
        assertThat(flaky.attempts()).isEqualTo(2);
    }

    @Test
    void commandWhoseOutcomeIsUnknownIsNotRetried() {
        assertThatThrownBy(flaky::write).isInstanceOf(DataAccessException.class);
        assertThat(flaky.attempts()).isEqualTo(1);
    }

    @Test
    void idempotentCommandIsRetried() {
        assertThat(flaky.idempotentWrite()).isEqualTo(ReplicaSetSupport.PRIMARY);
        assertThat(flaky.attempts()).isEqualTo(2);
    }

    @Autowired
    DataSourceTransactionManager transactions;

    @Test
    void nothingIsRetriedInsideACallersTransaction() {
        // Even an idempotent command is not retried: only the caller could repeat its transaction.
        // (Rolling back over the killed connection fails too, hence any exception.)
        assertThatThrownBy(() -> new TransactionTemplate(transactions)
                .execute(status -> flaky.idempotentWrite())).isInstanceOf(RuntimeException.class);
        assertThat(flaky.attempts()).isEqualTo(1);
    }
}
