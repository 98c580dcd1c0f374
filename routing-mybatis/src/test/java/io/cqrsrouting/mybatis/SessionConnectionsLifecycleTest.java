package io.cqrsrouting.mybatis;

import com.zaxxer.hikari.HikariDataSource;
import io.cqrsrouting.core.RoutingDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pool connections a MyBatis session holds, and that it gives them all back. */
class SessionConnectionsLifecycleTest {

    private static HikariDataSource primaryPool;
    private static HikariDataSource replicaPool;
    private static RoutingDataSource router;
    private static SqlSessionFactory factory;

    @BeforeAll
    static void setUp() throws Exception {
        primaryPool = pool(TestCluster.SET.primaryJdbcUrl());
        replicaPool = pool(TestCluster.SET.standbyJdbcUrl(0));
        // no monitor: its probes would borrow from these pools and blur the counts
        router = RoutingDataSource.builder().name("mybatis-pools").primary(primaryPool)
                // connection lifecycle only: with no monitor nothing can prove a replica caught up,
                // so reads after this thread's writes would all go to the primary
                .replica(replicaPool).monitor(false)
                .readsAfterWrite(io.cqrsrouting.core.ReadsAfterWrite.EVENTUAL).build();
        TestCluster.ensureSchema(router);
        Configuration configuration = new Configuration(
                new Environment("test", new JdbcTransactionFactory(), router));
        configuration.addInterceptor(new RoutingInterceptor());
        configuration.addMapper(ItemMapper.class);
        factory = new SqlSessionFactoryBuilder().build(configuration);
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(TestCluster.SET.username());
        ds.setPassword(TestCluster.SET.password());
        ds.setMaximumPoolSize(3);
        return ds;
    }

    @AfterAll
    static void tearDown() {
        router.close();
        primaryPool.close();
        replicaPool.close();
    }

    @Test
    void autocommitSessionHoldsAtMostOneConnectionPerRouteAndReturnsThemOnClose() {
        try (SqlSession session = factory.openSession(true)) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            items.node();
            assertThat(active()).isEqualTo("primary=0 replica=1");
            for (int i = 0; i < 3; i++) {
                items.insert("lifecycle " + i);
                items.session();
            }
            assertThat(active()).isEqualTo("primary=1 replica=1");
        }
        assertThat(active()).isEqualTo("primary=0 replica=0");
    }

    @Test
    void transactionSessionStartingWithAReadTakesOnlyAPrimaryConnection() {
        try (SqlSession session = factory.openSession()) {
            ItemMapper items = session.getMapper(ItemMapper.class);
            assertThat(items.node()).isEqualTo("primary");
            items.insert("in a transaction");
            assertThat(active()).isEqualTo("primary=1 replica=0");
            session.commit();
        }
        assertThat(active()).isEqualTo("primary=0 replica=0");
    }

    private static String active() {
        return "primary=" + active(primaryPool) + " replica=" + active(replicaPool);
    }

    /** A pool the application has not used yet has not started (the monitor has its own connections). */
    private static int active(com.zaxxer.hikari.HikariDataSource pool) {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections();
    }
}
