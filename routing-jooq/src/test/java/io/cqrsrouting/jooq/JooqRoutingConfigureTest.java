package io.cqrsrouting.jooq;

import io.cqrsrouting.core.RoutingDataSource;
import org.jooq.Configuration;
import org.jooq.SQLDialect;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JooqRoutingConfigureTest {

    private static RoutingDataSource router;

    @BeforeAll
    static void setUp() {
        router = TestCluster.router();
    }

    @AfterAll
    static void tearDown() {
        router.close();
    }

    @Test
    void configureWrapsTheExistingProviderAndAddsOneListener() {
        DataSourceConnectionProvider existing = new DataSourceConnectionProvider(router);
        Configuration c = new DefaultConfiguration().set(SQLDialect.POSTGRES).set(existing);
        JooqRouting.configure(c, router);
        JooqRouting.configure(c, router);
        assertThat(c.connectionProvider()).isInstanceOfSatisfying(RoutingConnectionProvider.class,
                p -> assertThat(p.delegate()).isSameAs(existing));
        assertThat(c.executeListenerProviders())
                .filteredOn(p -> p.provide() instanceof RoutingExecuteListener).hasSize(1);
    }

    @Test
    void configureGivesAConfigurationWithoutProviderTheRoutersConnections() {
        Configuration c = JooqRouting.configure(new DefaultConfiguration(), router);
        assertThat(c.connectionProvider()).isInstanceOfSatisfying(RoutingConnectionProvider.class,
                p -> assertThat(p.delegate()).isInstanceOf(DataSourceConnectionProvider.class));
    }
}
