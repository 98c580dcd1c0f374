package io.cqrsrouting.mybatis.spring;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.mybatis.ItemMapper;
import io.cqrsrouting.mybatis.RoutingInterceptor;
import io.cqrsrouting.mybatis.TestCluster;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mybatis.spring.SqlSessionFactoryBean;
import org.mybatis.spring.mapper.MapperFactoryBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MyBatis through mybatis-spring (SqlSessionFactoryBean, mapper proxies, DataSourceTransactionManager)
 * with the plugin and no routing annotation anywhere.
 */
class MybatisSpringRoutingTest {

    private final ApplicationContextRunner spring = new ApplicationContextRunner()
            .withUserConfiguration(SpringConfig.class);

    @BeforeAll
    static void schema() throws Exception {
        try (RoutingDataSource router = TestCluster.router()) {
            TestCluster.ensureSchema(router);
        }
    }

    @Test
    void outsideATransactionSelectsGoToTheStandbyAndWritesToThePrimary() {
        spring.run(ctx -> {
            ItemMapper items = ctx.getBean(ItemMapper.class);
            assertThat(items.node()).isEqualTo("standby1");
            assertThat(items.insertReturningWriter("spring insert")).isEqualTo("primary");
            long id = items.newItem("spring row");
            assertThat(items.renameReturningNode(id, "spring rename")).isEqualTo("primary");
            assertThat(items.lockedNode(id)).isEqualTo("primary");
            assertThat(items.insert("spring plain insert")).isOne();
            assertThat(items.node()).isEqualTo("standby1");
        });
    }

    @Test
    void explicitCommandScopeSendsASelectToThePrimary() {
        spring.run(ctx -> {
            ItemMapper items = ctx.getBean(ItemMapper.class);
            assertThat(Routing.command(items::node)).isEqualTo("primary");
        });
    }

    @Test
    void transactionTemplateKeepsOnePrimaryConnectionAcrossReadsAndWrites() {
        spring.run(ctx -> {
            ItemMapper items = ctx.getBean(ItemMapper.class);
            List<String> seen = new ArrayList<>();
            ctx.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
                seen.add(items.session());
                long id = items.newItem("tx template");
                items.rename(id, "tx template renamed");
                seen.add(items.session());
                seen.add(items.writerOf(id) + "-writer");
            });
            assertThat(seen.get(0)).endsWith("@primary");
            assertThat(seen.get(1)).isEqualTo(seen.get(0));
            assertThat(seen.get(2)).isEqualTo("primary-writer");
        });
    }

    @Test
    void transactionalMethodKeepsOnePrimaryConnectionAcrossReadsAndWrites() {
        spring.run(ctx -> {
            List<String> seen = ctx.getBean(ItemService.class).readWriteRead();
            assertThat(seen).hasSize(2).containsOnly(seen.get(0));
            assertThat(seen.get(0)).endsWith("@primary");
        });
    }

    @Test
    void transactionOpenedInAQueryScopeReadsFromOneStandbyConnection() {
        spring.run(ctx -> {
            ItemMapper items = ctx.getBean(ItemMapper.class);
            TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
            // in a session of its own: this thread wrote in the other tests, and a session that wrote
            // reads its writes (the standby may not have replayed them yet); this test is about one
            // standby connection for the whole transaction
            List<String> seen = Routing.session(() -> Routing.query(() -> tx.execute(status ->
                    List.of(items.session(), items.nodeMaybeLocking(1, false), items.session()))));
            assertThat(seen.get(0)).endsWith("@standby1").isEqualTo(seen.get(2));
            assertThat(seen.get(1)).isEqualTo("standby1");
        });
    }

    /** A service with a Spring transaction and nothing else. */
    static class ItemService {
        private final ItemMapper items;

        ItemService(ItemMapper items) {
            this.items = items;
        }

        @Transactional
        public List<String> readWriteRead() {
            List<String> seen = new ArrayList<>();
            seen.add(items.session());
            items.insert("transactional method");
            seen.add(items.session());
            return seen;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class SpringConfig {

        @Bean
        RoutingDataSource dataSource() {
            return TestCluster.router();
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
            return new TransactionTemplate(tm);
        }

        @Bean
        SqlSessionFactoryBean sqlSessionFactory(DataSource dataSource) {
            SqlSessionFactoryBean factory = new SqlSessionFactoryBean();
            factory.setDataSource(dataSource);
            factory.setPlugins(new RoutingInterceptor());
            factory.setMapperLocations(new ClassPathResource("io/cqrsrouting/mybatis/ItemMapper.xml"));
            return factory;
        }

        @Bean
        MapperFactoryBean<ItemMapper> itemMapper(SqlSessionFactory sqlSessionFactory) {
            MapperFactoryBean<ItemMapper> mapper = new MapperFactoryBean<>(ItemMapper.class);
            mapper.setSqlSessionFactory(sqlSessionFactory);
            return mapper;
        }

        @Bean
        ItemService itemService(ItemMapper items) {
            return new ItemService(items);
        }
    }
}
