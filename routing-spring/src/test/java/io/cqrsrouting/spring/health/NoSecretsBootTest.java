package io.cqrsrouting.spring.health;

import static io.cqrsrouting.spring.ReplicaSetSupport.db;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.spring.boot.CqrsRoutingProperties;
import io.cqrsrouting.spring.metrics.app.Catalog;
import io.cqrsrouting.spring.metrics.app.ObservedApp;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The password is in the properties and inside every JDBC URL, and one replica is dead; through
 * start-up, routed calls (logged at debug), and writes-unavailable mode, no log line, metric name
 * or tag, health detail or {@code toString()} shows it.
 */
@SpringBootTest(classes = ObservedApp.class)
@ContextConfiguration(initializers = NoSecretsBootTest.CaptureLogs.class)
class NoSecretsBootTest {

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final String ROUTING_LOGGER = "io.cqrsrouting";

    @DynamicPropertySource
    static void routingProperties(DynamicPropertyRegistry registry) throws Exception {
        String deadReplica = "jdbc:postgresql://127.0.0.1:" + freePort() + "/postgres";
        endpoint(registry, "primary", db().primaryJdbcUrl());
        endpoint(registry, "replicas[0]", db().standbyJdbcUrl(0));
        endpoint(registry, "replicas[1]", deadReplica);
        registry.add("cqrs.routing.monitor.interval", () -> "50ms");
        registry.add("cqrs.routing.monitor.probe-timeout", () -> "1s");
        registry.add("cqrs.routing.pool.connection-timeout", () -> "1s");
        registry.add("cqrs.routing.pool.max-size", () -> "4");
    }

    private static void endpoint(DynamicPropertyRegistry registry, String key, String url) {
        String prefix = "cqrs.routing." + key + ".";
        registry.add(prefix + "url", () -> url + "?password=" + db().password());
        registry.add(prefix + "username", () -> db().username());
        registry.add(prefix + "password", () -> db().password());
    }

    /** Captures every log event from the moment the context starts, routing logs at debug. */
    static class CaptureLogs
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
            LOGS.setContext(logging);
            LOGS.start();
            logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
            logging.getLogger(ROUTING_LOGGER).setLevel(Level.DEBUG);
        }
    }

    @AfterAll
    static void stopCapturing() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(LOGS);
        logging.getLogger(ROUTING_LOGGER).setLevel(Level.INFO);
        LOGS.stop();
    }

    @Autowired RoutingDataSource router;
    @Autowired Catalog catalog;
    @Autowired MeterRegistry meters;
    @Autowired CqrsRoutingHealthContributor cqrsRoutingHealthContributor;
    @Autowired CqrsRoutingProperties properties;

    @Test
    void thePasswordAppearsNowhere() throws Exception {
        String secret = db().password();
        assertThat(router.awaitMonitor(2, 10_000)).isTrue();
        for (int i = 0; i < 5; i++) {
            catalog.find();
        }
        catalog.save();
        db().setPrimaryReadOnly(true);
        try {
            await(router::writesUnavailable);
        } finally {
            db().setPrimaryReadOnly(false);
        }
        await(() -> !router.writesUnavailable());

        List<String> lines = logLines();
        assertThat(lines).anyMatch(l -> l.contains("Catalog.find -> REPLICA replica-1"))
                .anyMatch(l -> l.contains("Catalog.save -> PRIMARY primary"))
                .anyMatch(l -> l.contains("writes unavailable"))
                .anyMatch(l -> l.contains("replica-2 is unreachable"))
                .anyMatch(l -> l.contains("password=****"));
        assertThat(lines).noneMatch(l -> l.contains(secret));

        String health = cqrsRoutingHealthContributor.stream()
                .map(e -> ((HealthIndicator) e.contributor()).health(true).toString())
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(health).doesNotContain(secret).contains("password=****");
        for (Meter meter : meters.getMeters()) {
            assertThat(meter.getId().getName()).doesNotContain(secret);
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue()).doesNotContain(secret);
            }
        }
        assertThat(router.toString()).doesNotContain(secret);
        assertThat(properties.toString()).doesNotContain(secret);
        assertThat(router.endpoints()).extracting(EndpointStatus::toString)
                .noneMatch(s -> s.contains(secret));
    }

    private static List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(LOGS.list)) {
            lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? ""
                            : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        return lines;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
