package io.cqrsrouting.mybatis;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "io.cqrsrouting.mybatis", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyTheCoresPublicApi = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.cqrsrouting.core.internal..");

    @ArchTest
    static final ArchRule routingNeedsNoSpring = noClasses()
            .that().resideInAPackage("io.cqrsrouting.mybatis")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");
}
