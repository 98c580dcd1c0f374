package io.cqrsrouting.shard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: IDE metadata for {@code cqrs.routing.sharding.*} is generated and complete — every key
 * {@link ShardingProperties} binds (found by walking its bean properties, nested groups included)
 * and every key the sharding auto-configurations read in conditions has an entry with a
 * description.
 */
class ShardingConfigurationMetadataTest {

    @Test
    void everyBoundKeyAndEveryKeyReadInAConditionIsDescribed() throws Exception {
        String json = metadata();
        Set<String> keys = new TreeSet<>();
        bound("cqrs.routing.sharding", ShardingProperties.class, keys);
        keys.addAll(readInConditions());
        assertThat(keys).contains("cqrs.routing.sharding.map", "cqrs.routing.sharding.global-map.url",
                "cqrs.routing.sharding.fan-out-shard-timeout", "cqrs.routing.sharding.cluster-mode",
                "cqrs.routing.sharding.enabled", "management.health.cqrs-sharding.enabled");
        assertThat(keys).allSatisfy(key -> assertThat(json).as("%s has a metadata entry with a description", key)
                .containsPattern("\\{\\s*\"name\": \"" + Pattern.quote(key) + "\",[^}]*\"description\": \"[^\"]+\""));
    }

    /** The keys Boot binds to {@code type} under {@code prefix}: its writable properties, and nested groups. */
    static void bound(String prefix, Class<?> type, Set<String> out) throws Exception {
        for (PropertyDescriptor p : Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
            String key = prefix + "." + p.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            if (p.getPropertyType().getEnclosingClass() == ShardingProperties.class) {
                bound(key, p.getPropertyType(), out);
            } else if (p.getWriteMethod() != null) {
                out.add(key);
            }
        }
    }

    /** Keys named in {@code @ConditionalOn...Property} and {@code @ConditionalOnEnabledHealthIndicator} of this package. */
    static Set<String> readInConditions() throws Exception {
        Set<String> keys = new TreeSet<>();
        Path sources = Path.of("src/main/java/io/cqrsrouting/shard/spring");
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher m = Pattern.compile("@ConditionalOn\\w*Property\\(name = \"([^\"]+)\"").matcher(src);
                while (m.find()) {
                    keys.add(m.group(1));
                }
                Matcher h = Pattern.compile("@ConditionalOnEnabledHealthIndicator\\(\"([^\"]+)\"\\)").matcher(src);
                while (h.find()) {
                    if (!h.group(1).equals("db")) { // Boot's own key
                        keys.add("management.health." + h.group(1) + ".enabled");
                    }
                }
            }
        }
        assertThat(keys).as("keys found in the sources").isNotEmpty();
        return keys;
    }

    static String metadata() throws Exception {
        try (InputStream in = ShardingProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
