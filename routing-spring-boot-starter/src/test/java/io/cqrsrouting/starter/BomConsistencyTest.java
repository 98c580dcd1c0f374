package io.cqrsrouting.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The BOM is a stand-alone pom (no parent, so importing it never brings Boot's managed versions):
 * it must keep the project's version and list every published module. Every published module also
 * names its Java module (the jar manifest's {@code Automatic-Module-Name}, from the
 * {@code automatic.module.name} property): a new module must add both.
 */
class BomConsistencyTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Reactor modules that are not published, or are the BOM itself. */
    private static final List<String> UNPUBLISHED = List.of("benchmark", "routing-bom", "samples/orders-sample");

    @Test
    void bomListsEveryPublishedModuleAtTheProjectVersionAndImportsNothing() throws Exception {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("routing-bom/pom.xml"))
                .replaceAll("(?s)<!--.*?-->", "");

        assertThat(bom).doesNotContain("<parent>").doesNotContain("<scope>import</scope>")
                .doesNotContain("spring-boot-dependencies");
        assertThat(first(bom, "<version>([^<]+)</version>"))
                .as("routing-bom/pom.xml version").isEqualTo(first(parent,
                        "<artifactId>cqrs-routing-parent</artifactId>\\s*<version>([^<]+)</version>"));

        List<String> published = new ArrayList<>();
        Set<String> moduleNames = new HashSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            if (!UNPUBLISHED.contains(module.group(1))) {
                String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
                published.add(first(pom, "</parent>\\s*<artifactId>([^<]+)</artifactId>"));
                // the jar manifest's Automatic-Module-Name: a valid, distinct Java module name
                String name = first(pom, "<automatic.module.name>([^<]+)</automatic.module.name>");
                assertThat(name).as("%s/pom.xml automatic.module.name", module.group(1))
                        .matches("io\\.cqrsrouting(\\.[a-z][a-z0-9]*)+");
                assertThat(moduleNames.add(name)).as("%s used twice", name).isTrue();
            }
        }
        assertThat(published).isNotEmpty();
        for (String artifactId : published) {
            assertThat(bom).as("BOM entry for %s", artifactId)
                    .containsPattern("<artifactId>" + Pattern.quote(artifactId)
                            + "</artifactId>\\s*<version>\\$\\{project.version}</version>");
            assertThat(bom.split("<artifactId>" + artifactId + "</artifactId>", -1))
                    .as("BOM entries for %s", artifactId).hasSize(2);
        }
    }

    private static String first(String xml, String regex) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
