package io.cqrsrouting.shard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** routing-shard composes routers through core's public API only; its internals sit under its API. */
class ShardArchitectureTest {

    private static JavaClasses shard;

    @BeforeAll
    static void importShard() {
        // this module's classes only: scanning the class path for the package reads every jar
        shard = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of("target/classes"));
    }

    @Test
    void usesNoCoreInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.cqrsrouting.core.internal..").check(shard);
    }

    @Test
    void internalsDoNotDependOnTheApi() {
        noClasses().that().resideInAPackage("io.cqrsrouting.shard.internal..").should().dependOnClassesThat()
                .resideInAPackage("io.cqrsrouting.shard").check(shard);
    }

    @Test
    void apiAndInternalsAreFrameworkFree() {
        noClasses().that().resideInAnyPackage("io.cqrsrouting.shard", "io.cqrsrouting.shard.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.micrometer..")
                .check(shard);
    }

    @Test
    void theApiDoesNotDependOnTheSpringSupport() {
        noClasses().that().resideInAnyPackage("io.cqrsrouting.shard", "io.cqrsrouting.shard.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.cqrsrouting.shard.spring..").check(shard);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.cqrsrouting.shard.(*)..").should().beFreeOfCycles().check(shard);
    }
}
