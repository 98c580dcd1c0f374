package io.cqrsrouting.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps routing-core framework-free and its packages layered, and every main class of the
 * repository small.
 */
class CoreArchitectureTest {

    /** Lines ({@code wc -l}) a main source file may have. */
    static final int MAX_LINES = 350;
    /** Main source files allowed to be longer, each with the reason (see docs/architecture.md). */
    static final Map<String, String> LONGER = Map.of(
            "routing-core/src/main/java/io/cqrsrouting/core/Router.java",
            "the engine: the one place where routes and endpoints are decided");

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // core's own packages only: the testkit on the test class path may use Spring
                .importPackages("io.cqrsrouting.annotation", "io.cqrsrouting.core",
                        "io.cqrsrouting.dialect");
    }

    @Test
    void coreImportsNoSpringJooqOrMybatisClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                "org.jooq..", "org.apache.ibatis..", "org.mybatis..", "jakarta.persistence..")
                .check(core);
    }

    @Test
    void noPackageCycles() {
        // every package its own slice: core, core.internal, core.failure, core.retry, dialect, ...
        slices().matching("io.cqrsrouting.(**)").should().beFreeOfCycles().check(core);
    }

    /**
     * The layers, bottom up: annotation, dialect, failure (classification) | internal (endpoint
     * health, monitor, JDBC wrappers, session positions) | core (user API and the package-private
     * engine that decides routes) | retry. Internal mechanisms never see the API they serve.
     */
    @Test
    void internalsDoNotDependOnTheApi() {
        noClasses().that().resideInAPackage("io.cqrsrouting.core.internal..").should()
                .dependOnClassesThat().resideInAnyPackage("io.cqrsrouting.core",
                        "io.cqrsrouting.core.retry..")
                .check(core);
    }

    @Test
    void classificationDependsOnNoRouterPackage() {
        noClasses().that().resideInAPackage("io.cqrsrouting.core.failure..").should()
                .dependOnClassesThat().resideInAnyPackage("io.cqrsrouting.core",
                        "io.cqrsrouting.core.internal..", "io.cqrsrouting.core.retry..")
                .check(core);
    }

    @Test
    void annotationsDependOnNothingElseInTheLibrary() {
        noClasses().that().resideInAPackage("io.cqrsrouting.annotation..").should()
                .dependOnClassesThat().resideInAnyPackage("io.cqrsrouting.core..",
                        "io.cqrsrouting.dialect..")
                .check(core);
    }

    @Test
    void dialectsDependOnlyOnJdbc() {
        noClasses().that().resideInAPackage("io.cqrsrouting.dialect..").should()
                .dependOnClassesThat().resideInAnyPackage("io.cqrsrouting.core..")
                .check(core);
    }

    @Test
    void internalsStayOutOfTheDialectAndAnnotationApis() {
        noClasses().that().resideOutsideOfPackage("io.cqrsrouting.core..").should()
                .dependOnClassesThat().resideInAPackage("io.cqrsrouting.core.internal..")
                .check(core);
    }

    /**
     * No main source file of any module (generated sources excepted: they live under
     * {@code target/}) is over {@link #MAX_LINES} lines, except the documented ones in
     * {@link #LONGER}.
     */
    @Test
    void noMainClassIsOverTheLimitExceptTheEngine() throws IOException {
        Path root = repositoryRoot();
        Map<String, Long> over = new TreeMap<>();
        for (Path f : mainSources(root)) {
            long lines = Files.readString(f).chars().filter(ch -> ch == '\n').count();
            String name = root.relativize(f).toString().replace('\\', '/');
            if (lines > MAX_LINES && !LONGER.containsKey(name)) {
                over.put(name, lines);
            }
        }
        assertThat(over).as("main source files over %d lines (split them along a responsibility)",
                MAX_LINES).isEmpty();
    }

    @Test
    void theSizeCheckSeesEveryModule() throws IOException {
        Path root = repositoryRoot();
        List<String> modules = mainSources(root).stream()
                .map(f -> root.relativize(f).getName(0).toString()).distinct().toList();
        assertThat(modules).contains("routing-core", "routing-spring", "routing-jooq",
                "routing-mybatis", "routing-shard", "routing-testkit", "benchmark", "samples");
        assertThat(LONGER.keySet()).allMatch(name -> Files.isRegularFile(root.resolve(name)),
                "names an existing file");
    }

    /** The {@code .java} files under any {@code src/main/java}, build output and VCS skipped. */
    private static List<Path> mainSources(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return name.equals("target") || name.startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String p = root.relativize(file).toString().replace('\\', '/');
                if (p.endsWith(".java") && p.contains("/src/main/java/")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    /** The directory above the modules (tests run in the module's directory). */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("routing-core/src/main/java"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
