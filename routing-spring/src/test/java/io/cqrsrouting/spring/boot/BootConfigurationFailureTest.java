package io.cqrsrouting.spring.boot;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.ReplicaSetSupport;
import io.cqrsrouting.spring.RoutingAdvisor;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Start-up with bad or partial {@code cqrs.routing.*} settings fails naming the property, and
 * never shows a password; without endpoint properties Boot's own DataSource is left alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootConfigurationFailureTest {

    private static final String SECRET = "s3cret-Pa55word";

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MinimalApp {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsRoutingAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class));

    private static String[] validEndpoints(String... more) {
        List<String> all = new ArrayList<>(List.of(
                "cqrs.routing.primary.url=" + db().primaryJdbcUrl(),
                "cqrs.routing.primary.username=" + db().username(),
                "cqrs.routing.primary.password=" + SECRET,
                "cqrs.routing.replicas[0].url=" + db().standbyJdbcUrl(0),
                "cqrs.routing.replicas[0].username=" + db().username(),
                "cqrs.routing.replicas[0].password=" + SECRET,
                "cqrs.routing.monitor.enabled=false"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void missingPrimaryFailsStartUpNamingThePrimaryUrlProperty() {
        runner.withPropertyValues("cqrs.routing.replicas[0].url=" + db().standbyJdbcUrl(0),
                "cqrs.routing.replicas[0].username=" + db().username(),
                "cqrs.routing.replicas[0].password=" + SECRET).run(context -> {
                    assertThat(context).hasFailed();
                    String messages = messages(context.getStartupFailure());
                    assertThat(messages).contains("cqrs.routing.primary.url").doesNotContain(SECRET);
                });
    }

    @Test
    void missingPrimaryStartUpReportNamesThePropertyAndShowsNoPassword(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MinimalApp.class)
                .web(WebApplicationType.NONE)
                .properties("cqrs.routing.replicas[0].url=" + db().standbyJdbcUrl(0),
                        "cqrs.routing.replicas[0].password=" + SECRET)
                .run()).satisfies(e -> assertThat(messages(e)).doesNotContain(SECRET));

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("cqrs.routing.primary.url").doesNotContain(SECRET);
    }

    @Test
    void invalidValuesFailStartUpNamingTheirProperty() {
        assertFailsNaming("cqrs.routing.pool.max-size", "cqrs.routing.pool.max-size=0");
        assertFailsNaming("cqrs.routing.pool.maximum-pool-size",
                "cqrs.routing.pool.maximum-pool-size=0");
        assertFailsNaming("cqrs.routing.replicas[0].pool.maximum-pool-size",
                "cqrs.routing.replicas[0].pool.maximum-pool-size=0");
        assertFailsNaming("cqrs.routing.pool.idle-timeout", "cqrs.routing.pool.idle-timeout=-1s");
        assertFailsNaming("cqrs.routing.primary.pool.transaction-isolation",
                "cqrs.routing.primary.pool.transaction-isolation=banana");
        assertFailsNaming("cqrs.routing.max-staleness", "cqrs.routing.max-staleness=banana");
        assertFailsNaming("cqrs.routing.max-staleness", "cqrs.routing.max-staleness=-5s");
        assertFailsNaming("cqrs.routing.dialect", "cqrs.routing.dialect=oracle");
        assertFailsNaming("cqrs.routing.replicas[0].weight", "cqrs.routing.replicas[0].weight=0");
        assertFailsNaming("cqrs.routing.monitor.interval", "cqrs.routing.monitor.interval=0ms");
        assertFailsNaming("cqrs.routing.primary-read-share: must be at least 0 and less than 1;"
                + " was 1.0", "cqrs.routing.primary-read-share=1");
        assertFailsNaming("cqrs.routing.replicas[0].url",
                "cqrs.routing.replicas[0].url=postgres://nope?password=" + SECRET);
    }

    private void assertFailsNaming(String property, String setting) {
        runner.withPropertyValues(validEndpoints(setting)).run(context -> {
            assertThat(context).as(setting).hasFailed();
            assertThat(messages(context.getStartupFailure())).as(setting).contains(property)
                    .doesNotContain(SECRET);
        });
    }

    @Test
    void validSettingsBuildTheRouterAsTheDataSource() {
        runner.withPropertyValues(validEndpoints("cqrs.routing.max-staleness=5s",
                "cqrs.routing.replica-selection=least-lag", "cqrs.routing.name=orders",
                "cqrs.routing.primary-read-share=0.25"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
                    RoutingDataSource router = context.getBean(RoutingDataSource.class);
                    assertThat(router.name()).isEqualTo("orders");
                    assertThat(router.endpoints()).hasSize(2);
                    assertThat(router.toString()).doesNotContain(SECRET);
                    assertThat(context.getBean(CqrsRoutingProperties.class).toString())
                            .doesNotContain(SECRET);
                });
    }

    @Test
    void builderCustomizerBeansAreAppliedBeforeBuild() {
        runner.withPropertyValues(validEndpoints())
                .withBean(RoutingDataSourceBuilderCustomizer.class,
                        () -> builder -> builder.name("customized"))
                .run(context -> assertThat(context.getBean(RoutingDataSource.class).name())
                        .isEqualTo("customized"));
    }

    @Test
    void applicationsOwnDataSourceBeanWinsOverTheProperties() {
        runner.withPropertyValues(validEndpoints())
                .withBean("dataSource", DataSource.class, ReplicaSetSupport::primaryPool,
                        definition -> definition.setDestroyMethodName("close"))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(RoutingDataSource.class)
                        .hasSingleBean(RoutingAdvisor.class));
    }

    @Test
    void withoutEndpointPropertiesBootsOwnDataSourceIsLeftAloneAndTheAdvisorIsStillThere() {
        runner.withPropertyValues("spring.datasource.url=" + db().primaryJdbcUrl(),
                "spring.datasource.username=" + db().username(),
                "spring.datasource.password=" + db().password()).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class)
                            .doesNotHaveBean(RoutingDataSource.class)
                            .hasSingleBean(RoutingAdvisor.class);
                });
    }

    @Test
    void propertiesSwitchOffReadOnlyTransactionsAsQueryAndEverything() {
        runner.withPropertyValues("cqrs.routing.read-only-transactions-as-query=false",
                "spring.datasource.url=" + db().primaryJdbcUrl()).run(context ->
                assertThat(context.getBean(RoutingAdvisor.class).isReadOnlyTransactionsAsQuery())
                        .isFalse());
        runner.withPropertyValues(validEndpoints("cqrs.routing.enabled=false",
                "spring.datasource.url=" + db().primaryJdbcUrl())).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(RoutingAdvisor.class)
                        .doesNotHaveBean(RoutingDataSource.class));
    }

    @Test
    void urlsShownByThePropertiesAreMasked() {
        CqrsRoutingProperties properties = new CqrsRoutingProperties();
        properties.getPrimary().setUrl("jdbc:postgresql://app:" + SECRET + "@db/app?password="
                + SECRET + "&ssl=true");
        properties.getPrimary().setPassword(SECRET);
        ReplicaProperties replica = new ReplicaProperties();
        replica.setUrl("jdbc:sqlserver://db;user=app;password=" + SECRET + ";encrypt=true");
        properties.getReplicas().add(replica);

        assertThat(properties.toString()).doesNotContain(SECRET).contains("ssl=true")
                .contains("encrypt=true");
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
