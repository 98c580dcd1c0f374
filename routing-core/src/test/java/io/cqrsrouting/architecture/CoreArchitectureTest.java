package io.cqrsrouting.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps routing-core framework-free and its packages layered. */
class CoreArchitectureTest {

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
}
