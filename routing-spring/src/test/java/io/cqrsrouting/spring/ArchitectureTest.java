package io.cqrsrouting.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter stays thin: only the core's public API, and the plain-Spring layer knows no Boot. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cqrsrouting.spring");

    @Test
    void springAdapterUsesOnlyThePublicCoreApi() {
        noClasses().that().resideInAPackage("io.cqrsrouting.spring..")
                .should().dependOnClassesThat().resideInAPackage("io.cqrsrouting.core.internal..")
                .check(CLASSES);
    }

    @Test
    void plainSpringLayerDoesNotDependOnSpringBoot() {
        noClasses().that().resideInAPackage("io.cqrsrouting.spring")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot..",
                        "io.cqrsrouting.spring.boot..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.cqrsrouting.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
