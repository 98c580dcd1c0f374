package io.cqrsrouting.shard;

import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.annotation.ShardKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Boot app configured by {@code cqrs.routing.sharding.*} alone: its DataSource is the
 * sharded one, {@code @ShardKey} picks the shard and {@code @Query}/{@code @Command} the node,
 * with {@code @Transactional} on the same methods (the shard and routing scopes open first).
 */
class ShardKeySpringBootTest {

    static final String MAP = "bank_accounts";
    static ConfigurableApplicationContext app;
    static Accounts accounts;
    static String db1;
    static String db2;

    @SpringBootApplication(proxyBeanMethods = false)
    static class App {
        @Bean
        Accounts accounts(JdbcTemplate jdbc) {
            return new Accounts(jdbc);
        }
    }

    static class Accounts {
        private final JdbcTemplate jdbc;

        Accounts(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Command
        @Transactional
        public String open(@ShardKey(MAP) long id, String note) {
            jdbc.update("insert into account values (?, ?)", id, note);
            return where();
        }

        @Query
        @Transactional(readOnly = true)
        public String find(@ShardKey(MAP) long id) {
            return where() + ";" + jdbc.queryForObject("select coalesce(max(note), 'none') from account where id = ?",
                    String.class, id);
        }

        @Query
        public String findBoxed(@ShardKey(MAP) Long id) {
            return where();
        }

        @Query
        public String withoutKey(long id) {
            return where();
        }

        private String where() {
            return jdbc.queryForObject("select current_database() || '|' || pg_is_in_recovery() || '|' || inet_server_port()",
                    String.class);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        DataSource gsm = ShardTestbed.newGsm();
        String gsmUrl;
        try (var c = gsm.getConnection()) {
            gsmUrl = c.getMetaData().getURL();
        }
        db1 = ShardTestbed.newDatabase(A, "boot1");
        db2 = ShardTestbed.newDatabase(B, "boot2");
        ShardTestbed.exec(A.primaryJdbcUrl(db1), ShardedRoutingTest.TABLE);
        ShardTestbed.exec(B.primaryJdbcUrl(db2), ShardedRoutingTest.TABLE);
        try (ShardMapManager setup = ShardTestbed.manager(gsm)) {
            RangeShardMap<Long> map = setup.createRangeShardMap(MAP, Long.class);
            map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardTestbed.location(A, db1)));
            map.createRangeMapping(Range.from(1000L), map.createShard(ShardTestbed.location(B, db2)));
        }
        A.awaitReplay(0, Duration.ofSeconds(10));
        B.awaitReplay(0, Duration.ofSeconds(10));
        Map<String, Object> props = new HashMap<>();
        props.put("cqrs.routing.sharding.map", MAP);
        props.put("cqrs.routing.sharding.global-map.url", gsmUrl);
        props.put("cqrs.routing.sharding.global-map.username", A.username());
        props.put("cqrs.routing.sharding.global-map.password", A.password());
        props.put("cqrs.routing.sharding.pool-size", "3");
        props.put("spring.main.banner-mode", "off");
        app = new SpringApplicationBuilder(App.class).properties(props).run();
        accounts = app.getBean(Accounts.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theAutoConfiguredDataSourceIsTheShardedOne() {
        assertThat(app.getBean(DataSource.class)).isInstanceOf(ShardedDataSource.class);
        assertThat(app.getBeansOfType(io.cqrsrouting.shard.spring.ShardMetrics.class)).hasSize(1);
    }

    @Test
    void shardKeyAndCommandWriteToTheKeysShardPrimaryAndQueryReadsItsStandby() {
        assertThat(accounts.open(42, "low")).isEqualTo(db1 + "|false|" + A.primaryPort());
        assertThat(accounts.open(4242, "high")).isEqualTo(db2 + "|false|" + B.primaryPort());
        A.awaitReplay(0, Duration.ofSeconds(10));
        B.awaitReplay(0, Duration.ofSeconds(10));
        assertThat(accounts.find(42)).isEqualTo(db1 + "|true|" + A.standbyPort(0) + ";low");
        assertThat(accounts.find(4242)).isEqualTo(db2 + "|true|" + B.standbyPort(0) + ";high");
        assertThat(accounts.find(43)).endsWith(";none");
    }

    @Test
    void aNullOrMissingKeyFailsBeforeAnyConnectionNamingTheMethodOrMap() {
        ShardRoutingStats stats = app.getBean(ShardedDataSource.class).stats();
        long validations = stats.validations();
        assertThatThrownBy(() -> accounts.findBoxed(null)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("Accounts.findBoxed()").hasMessageContaining("is null");
        assertThat(stats.validations()).isEqualTo(validations);
        assertThatThrownBy(() -> accounts.withoutKey(7)).isInstanceOf(ShardMapException.class)
                .hasMessageContaining("no shard key for map " + MAP);
        assertThat(stats.validations()).isEqualTo(validations);
    }
}
