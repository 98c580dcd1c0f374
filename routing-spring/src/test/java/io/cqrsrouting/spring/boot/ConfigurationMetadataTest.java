package io.cqrsrouting.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * IDE metadata for {@code cqrs.routing.*} is generated, with a description for every property,
 * value hints, deprecations, and every key the auto-configurations read.
 */
class ConfigurationMetadataTest {

    private static final String[] PROPERTIES = {"cqrs.routing.enabled", "cqrs.routing.name",
            "cqrs.routing.dialect", "cqrs.routing.primary.url", "cqrs.routing.primary.username",
            "cqrs.routing.primary.password", "cqrs.routing.replicas", "cqrs.routing.default-route",
            "cqrs.routing.max-staleness", "cqrs.routing.replica-selection",
            "cqrs.routing.primary-read-share",
            "cqrs.routing.when-no-replica", "cqrs.routing.read-only-transactions-as-query",
            "cqrs.routing.track-writes", "cqrs.routing.reads-after-write", "cqrs.routing.repositories.enabled", "cqrs.routing.derive-read-only-replica",
            "cqrs.routing.pool.max-size", "cqrs.routing.pool.connection-timeout",
            "cqrs.routing.pool.maximum-pool-size", "cqrs.routing.pool.minimum-idle",
            "cqrs.routing.pool.idle-timeout", "cqrs.routing.pool.max-lifetime",
            "cqrs.routing.pool.keepalive-time", "cqrs.routing.pool.validation-timeout",
            "cqrs.routing.pool.leak-detection-threshold",
            "cqrs.routing.pool.data-source-properties", "cqrs.routing.primary.pool.maximum-pool-size",
            "cqrs.routing.nodes", "cqrs.routing.token.enabled", "cqrs.routing.token.header",
            "cqrs.routing.token.cookie", "management.health.cqrs-routing.enabled",
            "cqrs.routing.monitor.enabled", "cqrs.routing.monitor.interval",
            "cqrs.routing.monitor.probe-timeout"};

    @Test
    void metadataJsonDescribesEveryProperty() throws Exception {
        String json = metadata();
        for (String property : PROPERTIES) {
            Matcher entry = Pattern.compile("\\{\\s*\"name\": \"" + Pattern.quote(property)
                    + "\",[^}]*\"description\": \"[^\"]+\"").matcher(json);
            assertThat(entry.find()).as("%s has an entry with a description", property).isTrue();
        }
    }

    @Test
    void deprecatedPoolMaxSizeNamesItsReplacementAndEnumsAndDialectHaveValueHints()
            throws Exception {
        String json = metadata();
        assertThat(json).containsPattern("\"name\": \"cqrs.routing.pool.max-size\",[^}]*"
                + "\"deprecation\": \\{[^}]*\"replacement\": \"cqrs.routing.pool.maximum-pool-size\"");
        for (String hinted : List.of("cqrs.routing.dialect", "cqrs.routing.replica-selection",
                "cqrs.routing.when-no-replica", "cqrs.routing.default-route")) {
            assertThat(json).as("value hints of %s", hinted).containsPattern("\"name\": \""
                    + Pattern.quote(hinted) + "\",\\s*\"values\": \\[");
        }
    }

    /**
     * Every key the project's auto-configurations read (through {@code @Value},
     * {@code @ConditionalOn...Property}, {@code @ConditionalOnEnabledHealthIndicator} or a
     * {@code "cqrs.routing..."} constant) is documented in the metadata, so IDEs complete it and
     * warn about typos. Scans the main sources of every Spring-facing module.
     */
    @Test
    void everyKeyTheAutoConfigurationsReadIsInTheMetadata() throws Exception {
        Set<String> documented = new HashSet<>();
        Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(metadata());
        while (name.find()) {
            documented.add(name.group(1));
        }
        Set<String> used = new TreeSet<>();
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String module : List.of("routing-spring", "routing-jooq", "routing-mybatis")) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    used.addAll(keysReadBy(Files.readString(file)));
                }
            }
        }
        // Boot's own keys (management.health.db.enabled ...) are in Boot's metadata
        used.removeIf(key -> !key.startsWith("cqrs.") && !key.contains("cqrs-routing"));
        assertThat(used).as("keys found in the sources").contains("cqrs.routing.enabled",
                "cqrs.routing.token.header", "management.health.cqrs-routing.enabled");
        assertThat(used).allSatisfy(key -> assertThat(documented)
                .as("%s is read by an auto-configuration but missing from"
                        + " additional-spring-configuration-metadata.json", key).contains(key));
    }

    /** The configuration keys a source file reads. */
    static Set<String> keysReadBy(String source) {
        Set<String> keys = new HashSet<>();
        Matcher value = Pattern.compile("@Value\\(\"\\$\\{([^:}\"]+)").matcher(source);
        while (value.find()) {
            keys.add(value.group(1));
        }
        Matcher condition = Pattern.compile("@ConditionalOn\\w*Property\\(([^)]*)\\)")
                .matcher(source);
        while (condition.find()) {
            String args = condition.group(1);
            Matcher prefix = Pattern.compile("prefix\\s*=\\s*\"([^\"]*)\"").matcher(args);
            String p = prefix.find() ? prefix.group(1) + "." : "";
            Matcher names = Pattern.compile("(?:name|value|^)\\s*=?\\s*\\{?\\s*((?:\"[^\"]+\"\\s*,?\\s*)+)")
                    .matcher(args.replaceAll("prefix\\s*=\\s*\"[^\"]*\"", ""));
            while (names.find()) {
                Matcher literal = Pattern.compile("\"([^\"]+)\"").matcher(names.group(1));
                while (literal.find()) {
                    keys.add(p + literal.group(1));
                }
            }
        }
        Matcher health = Pattern.compile("@ConditionalOnEnabledHealthIndicator\\(\"([^\"]+)\"\\)")
                .matcher(source);
        while (health.find()) {
            keys.add("management.health." + health.group(1) + ".enabled");
        }
        Matcher constant = Pattern.compile("\"(cqrs\\.routing\\.[a-z0-9.-]*[a-z0-9])\"").matcher(source);
        while (constant.find()) {
            keys.add(constant.group(1));
        }
        return keys;
    }

    @Test
    void keyScannerFindsEveryFormOfRead() {
        assertThat(keysReadBy("""
                @ConditionalOnBooleanProperty(name = "a.b.enabled", matchIfMissing = true)
                @ConditionalOnProperty(prefix = "x.y", name = {"one", "two"})
                @ConditionalOnProperty("solo.key")
                @Value("${t.header:" + X + "}") String h, @Value("${t.cookie:}") String c
                @ConditionalOnEnabledHealthIndicator("cqrs-routing")
                static final String K = "cqrs.routing.some-key";
                """)).containsExactlyInAnyOrder("a.b.enabled", "x.y.one", "x.y.two", "solo.key",
                "t.header", "t.cookie", "management.health.cqrs-routing.enabled",
                "cqrs.routing.some-key");
    }

    private static String metadata() throws Exception {
        try (InputStream in = CqrsRoutingProperties.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
