package io.cqrsrouting.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.retry.RetryPolicy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The SQL Server / Azure SQL properties: {@code cqrs.routing.retry.profile=azure-sql} sets the
 * retry policy with one property, {@code cqrs.routing.failover-group-listener} derives the
 * read-only listener, and SQL Server pools wait 30 s for a connection unless told otherwise.
 */
class SqlServerBootPropertiesTest {

    private static final String SECRET = "{s3cret;Pa55}}word}";
    private static final String FOG = "jdbc:sqlserver://myfog.database.windows.net:1433;"
            + "databaseName=app;encrypt=true";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsRoutingAutoConfiguration.class));

    /** Records each pool's URL and timeout; the pool then gets the real driver, refused locally. */
    private static RoutingDataSourceBuilderCustomizer capture(List<String> urls, List<Long> waits) {
        return builder -> builder.poolCustomizer(c -> {
            urls.add(c.getJdbcUrl());
            waits.add(c.getConnectionTimeout());
            SQLServerDataSource refused = new SQLServerDataSource();
            refused.setURL("jdbc:sqlserver://127.0.0.1:1;loginTimeout=1;encrypt=false");
            c.setDataSource(refused);
        });
    }

    @Test
    void azureSqlRetryProfileIsOneProperty() {
        runner.withPropertyValues("cqrs.routing.retry.profile=azure-sql").run(context -> {
            RetryPolicy p = context.getBean(RetryPolicy.class);
            assertThat(p.maxAttempts()).isEqualTo(RetryPolicy.azureSql().maxAttempts()).isEqualTo(6);
            assertThat(p.initialBackoff()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.deadline()).isEqualTo(Duration.ofMinutes(2));
            // the first retry waits at least 4 s, whatever the jitter draws
            assertThat(p.backoffNanos(1, 0.999)).isGreaterThanOrEqualTo(Duration.ofSeconds(4).toNanos());
        });
    }

    @Test
    void explicitRetrySettingsOverrideTheProfileAndDefaultsStayAsBefore() {
        runner.withPropertyValues("cqrs.routing.retry.profile=azure-sql",
                "cqrs.routing.retry.max-attempts=4").run(context -> {
                    RetryPolicy p = context.getBean(RetryPolicy.class);
                    assertThat(p.maxAttempts()).isEqualTo(4);
                    assertThat(p.initialBackoff()).isEqualTo(Duration.ofSeconds(5));
                });
        runner.run(context -> {
            RetryPolicy p = context.getBean(RetryPolicy.class);
            assertThat(p.maxAttempts()).isEqualTo(3);
            assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.deadline()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void failoverGroupListenerPropertyDerivesTheReadOnlyListenerWithAzureTimeouts() {
        List<String> urls = new CopyOnWriteArrayList<>();
        List<Long> waits = new CopyOnWriteArrayList<>();
        runner.withBean(RoutingDataSourceBuilderCustomizer.class, () -> capture(urls, waits))
                .withPropertyValues("cqrs.routing.primary.url=" + FOG,
                        "cqrs.routing.primary.username=app",
                        "cqrs.routing.primary.password=" + SECRET,
                        "cqrs.routing.failover-group-listener=true",
                        "cqrs.routing.monitor.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RoutingDataSource ds = context.getBean(RoutingDataSource.class);
                    assertThat(ds.endpoints()).hasSize(2);
                    assertThat(urls.get(1)).startsWith(
                            "jdbc:sqlserver://myfog.secondary.database.windows.net:1433;")
                            .contains("applicationIntent=ReadOnly");
                    assertThat(waits).containsOnly(30_000L);
                    assertThat(ds.toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void aNonListenerHostFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("cqrs.routing.primary.url=jdbc:sqlserver://10.0.0.7;databaseName=app",
                "cqrs.routing.primary.password=" + SECRET,
                "cqrs.routing.failover-group-listener=true", "cqrs.routing.monitor.enabled=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable t = context.getStartupFailure();
                    StringBuilder all = new StringBuilder();
                    for (; t != null; t = t.getCause()) {
                        all.append(t.getMessage()).append('\n');
                    }
                    assertThat(all).contains("cqrs.routing.failover-group-listener")
                            .doesNotContain("s3cret");
                });
    }
}
