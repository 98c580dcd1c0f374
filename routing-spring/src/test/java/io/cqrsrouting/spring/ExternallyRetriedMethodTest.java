package io.cqrsrouting.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.retry.RetryPolicy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * A method that Spring Framework 7's own {@code @Retryable} retries is not retried again by the
 * routing interceptor: against a database that drops the connection on every attempt, the calls
 * add up (1 + Spring's retries), they do not multiply (× our attempts). Real connection losses
 * ({@code pg_terminate_backend}) on the real standby.
 */
@SpringJUnitConfig(ExternallyRetriedMethodTest.Config.class)
class ExternallyRetriedMethodTest {

    /** Every attempt loses its connection. */
    public static class AlwaysFailing {
        final JdbcTemplate jdbc;
        private final AtomicInteger attempts = new AtomicInteger();

        public AlwaysFailing(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** Through the proxy: the calls that reached the method body. */
        public int attempts() {
            return attempts.get();
        }

        public void reset() {
            attempts.set(0);
        }

        String attempt() {
            attempts.incrementAndGet();
            jdbc.execute("SELECT pg_terminate_backend(pg_backend_pid())");
            return ReplicaSetSupport.node(jdbc);
        }

        @Query
        @Retryable(maxRetries = 2, delay = 5)
        public String retriedBySpring() {
            return attempt();
        }

        @Query
        public String retriedByRouting() {
            return attempt();
        }
    }

    /** Spring's @Retryable on the class covers every method. */
    @Retryable(maxRetries = 1, delay = 5)
    public static class RetriedClass extends AlwaysFailing {
        public RetriedClass(JdbcTemplate jdbc) {
            super(jdbc);
        }

        @Query
        public String read() {
            return attempt();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCqrsRouting
    @EnableResilientMethods
    static class Config {
        @Bean(destroyMethod = "close")
        RoutingDataSource dataSource() throws InterruptedException {
            RoutingDataSource router = RoutingDataSource.builder().name("external-retry")
                    .primary(ReplicaSetSupport.primaryPool())
                    .replica(ReplicaSetSupport.standbyPool()).build();
            assertThat(router.awaitMonitor(1, 10_000)).isTrue();
            return router;
        }

        @Bean
        RetryPolicy retryPolicy() {
            return RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
                    .maxBackoff(Duration.ofMillis(20)).deadline(Duration.ofSeconds(10)).build();
        }

        @Bean
        JdbcTemplate jdbcTemplate(RoutingDataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        AlwaysFailing alwaysFailing(JdbcTemplate jdbc) {
            return new AlwaysFailing(jdbc);
        }

        @Bean
        RetriedClass retriedClass(JdbcTemplate jdbc) {
            return new RetriedClass(jdbc);
        }
    }

    @Autowired @Qualifier("alwaysFailing") AlwaysFailing failing;
    @Autowired RetriedClass retriedClass;

    @BeforeEach
    void reset() {
        failing.reset();
        retriedClass.reset();
    }

    @Test
    void aMethodRetriedBySpringIsAttemptedOnlyAsOftenAsSpringSays() {
        assertThatThrownBy(failing::retriedBySpring).isInstanceOf(Exception.class);
        assertThat(failing.attempts()).as("1 call + 2 Spring retries, no routing retries")
                .isEqualTo(3);
    }

    @Test
    void aMethodOfARetriedClassIsLeftToSpringToo() {
        assertThatThrownBy(retriedClass::read).isInstanceOf(Exception.class);
        assertThat(retriedClass.attempts()).as("1 call + 1 Spring retry").isEqualTo(2);
    }

    @Test
    void anUnannotatedMethodKeepsTheRoutingRetry() {
        assertThatThrownBy(failing::retriedByRouting).isInstanceOf(Exception.class);
        assertThat(failing.attempts()).as("the routing policy's 3 attempts").isEqualTo(3);
    }
}
