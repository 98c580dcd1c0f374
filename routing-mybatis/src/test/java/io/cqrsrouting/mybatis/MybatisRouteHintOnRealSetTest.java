package io.cqrsrouting.mybatis;

import io.cqrsrouting.core.Routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingSession;

import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route hint as MyBatis's per-statement attribute: {@code /* cqrs:primary *}{@code /} in a
 * mapped statement's SQL sends that statement to the primary, on the real primary + hot standby.
 */
class MybatisRouteHintOnRealSetTest {

    /** The same query, hinted and not. */
    public interface HintedMapper {

        @Select("select current_setting('cluster_name')")
        String node();

        @Select("/* cqrs:primary */ select current_setting('cluster_name')")
        String hintedNode();
    }

    private static RoutingDataSource router;
    private static SqlSessionFactory factory;

    @BeforeAll
    static void setUp() {
        router = TestCluster.router();
        Configuration configuration = new Configuration(
                new Environment("test", new JdbcTransactionFactory(), router));
        configuration.addInterceptor(new RoutingInterceptor());
        configuration.addMapper(HintedMapper.class);
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
    void theHintedStatementRunsOnThePrimaryAndTheOtherOnTheStandby() {
        try (SqlSession session = factory.openSession(true)) {
            HintedMapper mapper = session.getMapper(HintedMapper.class);
            assertThat(mapper.node()).isEqualTo("standby1");
            assertThat(mapper.hintedNode()).isEqualTo("primary");
            // The hinted statement counts as a write of this session (its later reads are
            // read-your-writes): the plain one again, in a session that has not written.
            assertThat(Routing.session(mapper::node)).isEqualTo("standby1");
        }
    }
}
