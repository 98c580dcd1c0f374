package io.cqrsrouting.core.failure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The drivers and the pool are optional at run time: classification must work (and not fail with
 * {@code NoClassDefFoundError}) when any of them is absent, so no class here may link against them.
 */
class FailurePackageArchitectureTest {

    private static final JavaClasses FAILURE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cqrsrouting.core.failure");

    @Test
    void failureClassesLinkAgainstNoDriverOrPoolClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.microsoft..",
                "org.postgresql..", "com.zaxxer..").check(FAILURE);
    }

    @Test
    void failureClassesDoNotReachIntoRouterInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.cqrsrouting.core.internal..")
                .check(FAILURE);
    }
}
