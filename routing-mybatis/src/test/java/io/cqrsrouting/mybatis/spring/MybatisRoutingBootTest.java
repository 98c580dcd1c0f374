package io.cqrsrouting.mybatis.spring;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.mybatis.ItemMapper;
import io.cqrsrouting.mybatis.RoutingInterceptor;
import io.cqrsrouting.mybatis.TestCluster;
import io.cqrsrouting.mybatis.autoconfigure.MybatisRoutingAutoConfiguration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mybatis.spring.SqlSessionTemplate;
import org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Boot with mybatis-spring-boot-starter's auto-configuration: the plugin registers itself. */
class MybatisRoutingBootTest {

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
                    TransactionAutoConfiguration.class, MybatisAutoConfiguration.class,
                    MybatisRoutingAutoConfiguration.class))
            .withPropertyValues("mybatis.mapper-locations=classpath:io/cqrsrouting/mybatis/ItemMapper.xml")
            .withBean(DataSource.class, TestCluster::router);

    @BeforeAll
    static void schema() throws Exception {
        try (RoutingDataSource router = TestCluster.router()) {
            TestCluster.ensureSchema(router);
        }
    }

    @Test
    void autoConfigurationIsRegisteredForSpringBoot() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(MybatisRoutingAutoConfiguration.class.getName());
    }

    @Test
    void bootsSqlSessionFactoryRoutesByStatementType() {
        boot.run(ctx -> {
            assertThat(ctx.getBean(SqlSessionFactory.class).getConfiguration().getInterceptors())
                    .hasAtLeastOneElementOfType(RoutingInterceptor.class);
            ItemMapper items = ctx.getBean(SqlSessionTemplate.class).getMapper(ItemMapper.class);
            assertThat(items.node()).isEqualTo("standby1");
            assertThat(items.insertReturningWriter("boot insert")).isEqualTo("primary");

            List<String> seen = new ArrayList<>();
            ctx.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
                seen.add(items.session());
                items.insert("boot transaction");
                seen.add(items.session());
            });
            assertThat(seen).hasSize(2).containsOnly(seen.get(0));
            assertThat(seen.get(0)).endsWith("@primary");
        });
    }
}
