package io.cqrsrouting.mybatis;

import io.cqrsrouting.core.RouteConflictException;
import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingSession;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain MyBatis (no Spring) with the plugin and no routing annotation anywhere, on a real primary
 * + hot standby: each statement reports the server that ran it.
 */
class MybatisRoutingOnRealSetTest {

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
    }

    /** Each test is a session of its own: reads after a session's writes are read-your-writes. */
    private RoutingSession session;

    @BeforeEach
    void freshSession() {
        session = Routing.openSession();
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @AfterAll
    static void tearDown() {
        router.close();
    }

    @Test
    void selectIsServedByTheStandby() {
        try (SqlSession session = factory.openSession(true)) {
            assertThat(session.getMapper(ItemMapper.class).node()).isEqualTo("standby1");
        }
    }

    @Test
    void insertIsServedByThePrimary() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.insertReturningWriter("insert returning")).isEqualTo("primary");
            long id = items.newItem("mapped insert");
            assertThat(Routing.command(() -> items.writerOf(id))).isEqualTo("primary");
        }
    }

    @Test
    void updateReturningIsServedByThePrimary() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            long id = items.newItem("to rename");
            assertThat(items.renameReturningNode(id, "renamed")).isEqualTo("primary");
            assertThat(items.rename(id, "renamed again")).isOne();
        }
    }

    @Test
    void selectForUpdateIsServedByThePrimary() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.lockedNode(1)).isEqualTo("primary");
        }
    }

    @Test
    void dynamicSelectIsRoutedByTheSqlItRendersEachTime() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.nodeMaybeLocking(1, false)).isEqualTo("standby1");
            assertThat(items.nodeMaybeLocking(1, true)).isEqualTo("primary");
            // A locking read counts as a write of this session (its later reads are
            // read-your-writes): the plain form again, in a session that has not written.
            assertThat(Routing.session(() -> items.nodeMaybeLocking(1, false)))
                    .isEqualTo("standby1");
        }
    }

    @Test
    void explicitCommandScopeSendsASelectToThePrimary() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(Routing.command(items::node)).isEqualTo("primary");
            assertThat(items.session()).endsWith("@standby1");
        }
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            // the session's cached replica result must not answer the command
            assertThat(items.node()).isEqualTo("standby1");
            assertThat(Routing.command(items::node)).isEqualTo("primary");
        }
    }

    @Test
    void autocommitSessionReadsOnTheStandbyThenWritesOnThePrimary() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.node()).isEqualTo("standby1");
            assertThat(items.insertReturningWriter("read then write")).isEqualTo("primary");
            assertThat(items.insert("plain insert after a read")).isOne();
            // This thread's session wrote, so its reads are read-your-writes now; another
            // session's read still goes to the standby, on the same SqlSession.
            assertThat(Routing.session(items::node)).isEqualTo("standby1");
            assertThat(items.insertReturningWriter("and again")).isEqualTo("primary");
        }
    }

    @Test
    void theSessionsReadAfterItsWriteIsNotAnsweredByTheHeldStandbyConnection() throws Exception {
        TestCluster.SET.pauseReplay(0);
        try {
            Routing.session(() -> {
                try (SqlSession session = factory.openSession(true)) {
                    ItemMapper items = session.getMapper(ItemMapper.class);
                    assertThat(items.node()).isEqualTo("standby1");
                    long id = items.newItem("read your own write");
                    // The SqlSession still holds the standby connection of its first read; the
                    // standby has not replayed the insert, so the read must not run there.
                    assertThat(items.writerOf(id)).as("the session's own row, read back")
                            .isEqualTo("primary");
                    assertThat(items.node()).isEqualTo("primary");
                }
                return null;
            });
        } finally {
            TestCluster.SET.resumeReplay(0);
            TestCluster.SET.awaitReplay(0, java.time.Duration.ofSeconds(15));
        }
    }

    @Test
    void selectKeyOfAnInsertRunsOnThePrimaryToo() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.node()).isEqualTo("standby1");
            ItemMapper.Item item = new ItemMapper.Item("keyed");
            assertThat(items.insertWithKey(item)).isOne(); // nextval() fails on a standby
            assertThat(Routing.command(() -> items.writerOf(item.getId()))).isEqualTo("primary");
        }
    }

    @Test
    void reuseAndBatchExecutorsRouteToo() {
        try (SqlSession session = factory.openSession(ExecutorType.REUSE, true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.node()).isEqualTo("standby1");
            assertThat(items.insertReturningWriter("reuse")).isEqualTo("primary");
            // read-your-writes after this session's insert: the standby from a fresh session
            assertThat(Routing.session(items::node)).isEqualTo("standby1");
        }
        try (SqlSession session = factory.openSession(ExecutorType.BATCH, true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.node()).isEqualTo("standby1");
            items.insert("batched 1");
            items.insert("batched 2");
            assertThat(session.flushStatements()).hasSize(1);
        }
    }

    @Test
    void transactionSessionKeepsOnePrimaryConnectionAcrossReadsAndWrites() {
        try (SqlSession session = factory.openSession()) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            String first = items.session();
            long id = items.newItem("in transaction");
            assertThat(items.rename(id, "renamed in transaction")).isOne();
            assertThat(items.session()).isEqualTo(first);
            assertThat(items.writerOf(id)).isEqualTo("primary"); // sees its own uncommitted row
            session.commit();
            assertThat(first).endsWith("@primary");
        }
    }

    @Test
    void transactionSessionStartedInAQueryScopeStaysOnTheStandbyAndRefusesWrites() {
        try (SqlSession session = factory.openSession()) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            String first = Routing.query(items::session);
            assertThat(first).endsWith("@standby1");
            assertThat(items.session()).isEqualTo(first);
            assertThatThrownBy(() -> items.insert("never"))
                    .hasRootCauseInstanceOf(RouteConflictException.class)
                    .hasMessageContaining("ItemMapper.insert")
                    .hasMessageContaining("bound to a replica");
        }
    }

    @Test
    void noRouteIsLeftBehind() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            items.node();
            items.insert("x");
        }
        assertThat(Routing.currentIntent()).isNull();
    }
}
