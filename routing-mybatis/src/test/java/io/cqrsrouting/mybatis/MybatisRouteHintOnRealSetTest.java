package io.cqrsrouting.mybatis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.core.RoutingDataSource;

import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
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
            assertThat(mapper.node()).isEqualTo("standby1");
        }
    }
}
