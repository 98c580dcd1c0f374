package io.cqrsrouting.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported API of routing-core is exactly what docs/api.md lists: the packages its module
 * descriptor exports, and their public types. No exported signature lets an internal type out
 * (so the internals can change without breaking users).
 */
class PublicApiTest {

    private static final Pattern PACKAGE = Pattern.compile("^## `(io\\.cqrsrouting[\\w.]*)`");
    private static final Pattern TYPE = Pattern.compile("^- `([A-Z][\\w.]*)`");

    private static JavaClasses core;
    private static Set<String> exportedPackages;

    @BeforeAll
    static void importCore() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            exportedPackages = new TreeSet<>();
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("io.cqrsrouting.core");
            for (ModuleDescriptor.Exports e : descriptor.exports()) {
                assertThat(e.isQualified()).as("export of %s to named modules", e.source()).isFalse();
                exportedPackages.add(e.source());
            }
        }
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of("target/classes"));
    }

    /** Public types of exported packages, reachable by name (public all the way out). */
    static boolean exported(JavaClass c) {
        if (!exportedPackages.contains(c.getPackageName()) || c.isAnonymousClass()
                || c.isLocalClass()) {
            return false;
        }
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static String nameOf(JavaClass c) {
        return c.getName().replace('$', '.');
    }

    @Test
    void exportedPackagesAreTheOnesDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("../docs/api.md"))) {
            Matcher p = PACKAGE.matcher(line);
            if (p.find()) {
                documented.add(p.group(1));
            }
        }
        assertThat(exportedPackages).as("packages module-info.java exports vs. docs/api.md")
                .containsExactlyElementsOf(documented)
                .doesNotContain("io.cqrsrouting.core.internal");
    }

    @Test
    void exportedTypesAreTheOnesDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        String pkg = null;
        for (String line : Files.readAllLines(Path.of("../docs/api.md"))) {
            Matcher p = PACKAGE.matcher(line);
            if (p.find()) {
                pkg = p.group(1);
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (pkg != null && t.find()) {
                documented.add(pkg + "." + t.group(1));
            }
        }
        Set<String> exported = new TreeSet<>();
        for (JavaClass c : core) {
            if (exported(c)) {
                exported.add(nameOf(c));
            }
        }
        assertThat(exported).as("types exported by routing-core vs. those listed in docs/api.md")
                .containsExactlyElementsOf(documented);
    }

    @Test
    void noExportedSignatureMentionsAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : core) {
            if (!exported(c)) {
                continue;
            }
            c.getRawSuperclass().filter(PublicApiTest::internal)
                    .ifPresent(s -> leaks.add(nameOf(c) + " extends " + s.getName()));
            c.getRawInterfaces().stream().filter(PublicApiTest::internal)
                    .forEach(i -> leaks.add(nameOf(c) + " implements " + i.getName()));
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (!visible(u.getModifiers())) {
                    continue;
                }
                List<JavaClass> types = new ArrayList<>(u.getReturnType().getAllInvolvedRawTypes());
                u.getParameterTypes().forEach(t -> types.addAll(t.getAllInvolvedRawTypes()));
                u.getThrowsClause().getTypes().forEach(types::add);
                types.stream().filter(PublicApiTest::internal)
                        .forEach(t -> leaks.add(u.getFullName() + " uses " + t.getName()));
            }
            for (JavaField f : c.getFields()) {
                if (visible(f.getModifiers())) {
                    f.getType().getAllInvolvedRawTypes().stream().filter(PublicApiTest::internal)
                            .forEach(t -> leaks.add(f.getFullName() + " is a " + t.getName()));
                }
            }
        }
        assertThat(leaks).as("internal types reachable from the exported API").isEmpty();
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean internal(JavaClass type) {
        return type.getPackageName().startsWith("io.cqrsrouting") && !exported(type);
    }
}
