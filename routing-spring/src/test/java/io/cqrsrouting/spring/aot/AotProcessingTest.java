package io.cqrsrouting.spring.aot;

import static io.cqrsrouting.spring.ReplicaSetSupport.PRIMARY;
import static io.cqrsrouting.spring.ReplicaSetSupport.STANDBY;
import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.annotation.ShardKey;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.aot.app.AotApp;
import io.cqrsrouting.spring.aot.app.Inventory;
import io.cqrsrouting.spring.aot.app.StockQueries;
import io.cqrsrouting.spring.boot.CqrsRoutingProperties;
import io.cqrsrouting.spring.boot.EndpointProperties;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

/**
 * Ahead-of-time processing of a routed Boot application, as a native-image build does it: the
 * runtime hints cqrs-routing needs are contributed, and the AOT-generated context (no bean
 * definitions parsed, no annotations scanned at start-up) still routes on the real primary +
 * hot standby.
 */
@CompileWithForkedClassLoader
class AotProcessingTest {

    private static final String[] KEYS = {"cqrs.routing.primary.url",
        "cqrs.routing.primary.username", "cqrs.routing.primary.password",
        "cqrs.routing.replicas[0].url", "cqrs.routing.replicas[0].username",
        "cqrs.routing.replicas[0].password"};
    private static final String PREFIX = "aot-test.";

    /**
     * The test method runs in a forked class loader (the generated code must share runtime
     * packages with the classes it instantiates), where the testkit would be a second copy. So the
     * replica set is looked up here, in JUnit's own instance of this class, and handed to the
     * forked copy through system properties; the forked copy never touches the testkit.
     */
    AotProcessingTest() {
        if (System.getProperty(PREFIX + KEYS[0]) == null) {
            String[] values = {db().primaryJdbcUrl(), db().username(), db().password(),
                db().standbyJdbcUrl(0), db().username(), db().password()};
            for (int i = 0; i < KEYS.length; i++) {
                System.setProperty(PREFIX + KEYS[i], values[i]);
            }
        }
    }

    private static void routingProperties(ConfigurableEnvironment environment) {
        Map<String, Object> properties = new java.util.HashMap<>();
        for (String key : KEYS) {
            properties.put(key, System.getProperty(PREFIX + key));
        }
        properties.put("cqrs.routing.monitor.interval", "50ms");
        // The forked loader's pgjdbc is not the one DriverManager registered: name the driver.
        properties.put("cqrs.routing.pool.driver-class-name", "org.postgresql.Driver");
        environment.getPropertySources().addFirst(new MapPropertySource("replica-set", properties));
    }

    @Test
    void aotProcessingContributesTheHintsAndTheGeneratedContextRoutes() throws Exception {
        AnnotationConfigApplicationContext source = new AnnotationConfigApplicationContext();
        routingProperties(source.getEnvironment());
        source.register(AotApp.class);
        TestGenerationContext generation = new TestGenerationContext();
        ClassName initializer = new ApplicationContextAotGenerator()
                .processAheadOfTime(source, generation);
        generation.writeGeneratedContent();

        RuntimeHints hints = generation.getRuntimeHints();
        for (Class<?> annotation : new Class<?>[] {Command.class, Query.class, Consistent.class,
                ShardKey.class}) {
            assertThat(RuntimeHintsPredicates.reflection().onType(annotation)
                    .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).as("%s", annotation)
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(Inventory.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Inventory.class, "stock"))
                .accepts(hints);
        // The interceptor reads @Query off the interface's declaration: reflection on it too.
        assertThat(RuntimeHintsPredicates.reflection().onType(StockQueries.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(hints);
        // Binding cqrs.routing.* in a native image: Boot's own AOT covers the properties bean.
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(CqrsRoutingProperties.class, "setName")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(EndpointProperties.class, "setUrl")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation("com.microsoft.sqlserver.jdbc.SQLServerException",
                        "getSQLServerError")).accepts(hints);
        // Not every bean: only the annotated ones.
        assertThat(RuntimeHintsPredicates.reflection().onType(AotApp.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).rejects(hints);

        TestCompiler.forSystem().with(generation).compile(compiled -> {
            @SuppressWarnings("unchecked")
            ApplicationContextInitializer<GenericApplicationContext> init = compiled.getInstance(
                    ApplicationContextInitializer.class, initializer.reflectionName());
            try (GenericApplicationContext aot = new GenericApplicationContext()) {
                routingProperties(aot.getEnvironment());
                init.initialize(aot);
                aot.refresh();
                RoutingDataSource router = aot.getBean(RoutingDataSource.class);
                try {
                    assertThat(router.awaitMonitor(2, 10_000)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                Inventory inventory = aot.getBean(Inventory.class);
                assertThat(inventory.stock()).isEqualTo(STANDBY);
                assertThat(inventory.shelf()).isEqualTo(STANDBY);
                assertThat(inventory.restock()).isEqualTo(PRIMARY);
                assertThat(inventory.reserved()).isEqualTo(PRIMARY);
            }
        });
    }
}
