package io.cqrsrouting.mybatis;

import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cqrsrouting.mybatis.TestCluster.SET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain MyBatis sessions and read-your-writes, on the real primary + standby with the standby's
 * replay paused for exact lag: consistent reads use a caught-up standby as plain JDBC does, never
 * one that is behind, and never rows the session cached from a staler read.
 */
class MybatisConsistencyOnRealSetTest {

    private static final Consistent.Level RYW = Consistent.Level.READ_YOUR_WRITES;

    private static RoutingDataSource router;
    private static SqlSessionFactory factory;

    @BeforeAll
    static void setUp() throws Exception {
        router = TestCluster.router();
        TestCluster.ensureSchema(router);
        Configuration configuration = new Configuration(
                new Environment("test", new JdbcTransactionFactory(), router));
        configuration.addInterceptor(new RoutingInterceptor());
        configuration.addMapper(ItemMapper.class);
        factory = new SqlSessionFactoryBuilder().build(configuration);
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
    }

    @AfterAll
    static void tearDown() {
        router.close();
    }

    @AfterEach
    void replayOn() {
        SET.resumeReplay(0);
    }

    private static long newItem(String name) {
        try (SqlSession session = factory.openSession(true)) {
            return Routing.command(() -> session.getMapper(ItemMapper.class).newItem(name));
        }
    }

    private static void rename(long id, String name) {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            Routing.command(() -> items.rename(id, name));
        }
    }

    @Test
    void consistentReadInAFreshSessionUsesTheCaughtUpStandby() {
        long id = newItem("fresh");
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(Routing.consistent(RYW, 5_000, () -> items.nameAndNode(id)))
                    .isEqualTo("fresh@standby1");
        }
    }

    @Test
    void consistentReadOnASessionHeldOnTheLaggingStandbyGoesToThePrimaryThenBack() {
        long id = newItem("held");
        SET.awaitReplay(0, Duration.ofSeconds(15));
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.nameAndNode(id)).isEqualTo("held@standby1"); // session on the standby
            SET.pauseReplay(0);
            rename(id, "held renamed");
            assertThat(items.nameAndNode(id)).as("plain read, lagging standby")
                    .isEqualTo("held@standby1");
            assertThat(Routing.consistent(RYW, 0, () -> items.nameAndNode(id)))
                    .as("not from the lagging standby, nor from the session's cache")
                    .isEqualTo("held renamed@primary");
            SET.resumeReplay(0);
            assertThat(Routing.consistent(RYW, 5_000, items::node))
                    .as("caught up: the standby serves the session's reads again")
                    .isEqualTo("standby1");
        }
    }

    @Test
    void consistentReadInATransactionOnTheCaughtUpStandbyIsNoConflict() {
        long id = newItem("in transaction");
        String read = Routing.consistent(RYW, 5_000, () -> {
            try (SqlSession session = factory.openSession()) {
                return session.getMapper(ItemMapper.class).nameAndNode(id);
            }
        });
        assertThat(read).isEqualTo("in transaction@standby1");
    }

    @Test
    void writeInATransactionBoundToTheStandbyFailsBeforeItIsSent() {
        try (SqlSession session = factory.openSession()) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            Routing.query(() -> {
                assertThat(items.node()).isEqualTo("standby1");
                assertThatThrownBy(() -> items.rename(1, "never"))
                        .hasRootCauseInstanceOf(RouteConflictException.class)
                        .hasMessageContaining("ItemMapper.rename");
                assertThatThrownBy(() -> items.lockedNode(1))
                        .hasRootCauseInstanceOf(RouteConflictException.class);
                // the transaction was not aborted by a statement the standby rejected
                assertThat(items.node()).isEqualTo("standby1");
                return null;
            });
        }
    }

    @Test
    void writeInAQueryScopeWithoutATransactionRunsOnThePrimary() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            String writer = Routing.query(() -> items.insertReturningWriter("query scope write"));
            assertThat(writer).isEqualTo("primary");
        }
    }

    @Test
    void currvalRunsOnTheSessionThatCalledNextval() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            long id = items.newItem("sequence");
            assertThat(items.currentId()).isEqualTo(id);
        }
    }
}
