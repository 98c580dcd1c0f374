package io.cqrsrouting.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** IDE metadata for {@code cqrs.routing.*} is generated, with a description for every property. */
class ConfigurationMetadataTest {

    private static final String[] PROPERTIES = {"cqrs.routing.enabled", "cqrs.routing.name",
            "cqrs.routing.dialect", "cqrs.routing.primary.url", "cqrs.routing.primary.username",
            "cqrs.routing.primary.password", "cqrs.routing.replicas", "cqrs.routing.default-route",
            "cqrs.routing.max-staleness", "cqrs.routing.replica-selection",
            "cqrs.routing.when-no-replica", "cqrs.routing.read-only-transactions-as-query",
            "cqrs.routing.track-writes", "cqrs.routing.reads-after-write", "cqrs.routing.repositories.enabled", "cqrs.routing.derive-read-only-replica",
            "cqrs.routing.pool.max-size", "cqrs.routing.pool.connection-timeout",
            "cqrs.routing.monitor.enabled", "cqrs.routing.monitor.interval",
            "cqrs.routing.monitor.probe-timeout"};

    @Test
    void metadataJsonDescribesEveryProperty() throws Exception {
        String json;
        try (InputStream in = CqrsRoutingProperties.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String property : PROPERTIES) {
            Matcher entry = Pattern.compile("\\{\\s*\"name\": \"" + Pattern.quote(property)
                    + "\",[^}]*\"description\": \"[^\"]+\"").matcher(json);
            assertThat(entry.find()).as("%s has an entry with a description", property).isTrue();
        }
    }
}
