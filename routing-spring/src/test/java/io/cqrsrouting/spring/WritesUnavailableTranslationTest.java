package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.WritesUnavailableException;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * §5 writes-unavailable mode in Spring: the router's "primary" is the hot standby (read-only, as a
 * primary is during a rolling upgrade), so commands fail fast with a
 * {@link TransientDataAccessException} while reads keep working.
 */
@SpringJUnitConfig(WritesUnavailableTranslationTest.Config.class)
class WritesUnavailableTranslationTest {

    public static class Writer {
        final JdbcTemplate jdbc;
        int bodies;

        public Writer(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public int bodies() {
            return bodies;
        }

        @Command
        public void write() {
            bodies++;
            jdbc.execute("create temporary table never_created(x int)");
        }

        @Transactional
        @Command
        public void transactionalWrite() {
            bodies++;
            jdbc.execute("create temporary table never_created(x int)");
        }

        @Query
        public String read() {
            return ReplicaSetSupport.node(jdbc);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCqrsRouting
    @EnableTransactionManagement
    @Import(Writer.class)
    static class Config {
        @Bean(destroyMethod = "close")
        HikariDataSource readOnlyPrimaryPool() {
            return ReplicaSetSupport.standbyPool();
        }

        @Bean(destroyMethod = "close")
        RoutingDataSource dataSource(HikariDataSource readOnlyPrimaryPool)
                throws InterruptedException {
            return ReplicaSetSupport.monitored(RoutingDataSource.builder()
                    .primary(readOnlyPrimaryPool).build(), 1);
        }

        @Bean
        DataSourceTransactionManager transactionManager(RoutingDataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(RoutingDataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }
    }

    @Autowired Writer writer;

    @Test
    void commandOnReadOnlyPrimaryFailsFastAsTransientDataAccessException() {
        int before = writer.bodies();

        assertThatThrownBy(writer::write)
                .isInstanceOf(WritesUnavailableDataAccessException.class)
                .isInstanceOf(TransientDataAccessException.class)
                .hasCauseInstanceOf(WritesUnavailableException.class)
                .hasMessageContaining("read-only");
        assertThat(writer.bodies()).isEqualTo(before + 1);
        assertThat(Routing.currentRoute()).isNull();
    }

    @Test
    void transactionalCommandFailsBeforeItsBodyRunsWithTheOriginalAsCause() {
        int before = writer.bodies();

        assertThatThrownBy(writer::transactionalWrite)
                .isInstanceOf(WritesUnavailableDataAccessException.class)
                .hasCauseInstanceOf(WritesUnavailableException.class);
        assertThat(writer.bodies()).as("the body never ran").isEqualTo(before);
    }

    @Test
    void readsKeepWorkingWhileWritesAreUnavailable() {
        assertThat(writer.read()).isEqualTo(STANDBY);
    }

    @Test
    void translationFindsTheExceptionAsCauseAndLeavesOthersAlone() {
        WritesUnavailableException original = new WritesUnavailableException("primary read-only");
        RuntimeException wrapped = new IllegalStateException("begin failed", original);
        IllegalArgumentException unrelated = new IllegalArgumentException("other");

        assertThat(WritesUnavailableDataAccessException.translate(wrapped))
                .isInstanceOf(WritesUnavailableDataAccessException.class).hasCause(original);
        assertThat(WritesUnavailableDataAccessException.translate(unrelated)).isSameAs(unrelated);
        RuntimeException translated = WritesUnavailableDataAccessException.translate(original);
        assertThat(WritesUnavailableDataAccessException.translate(translated)).isSameAs(translated);
    }
}
