package io.cqrsrouting.mybatis;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Every package of this module is its own slice, and no two slices depend on each other in a cycle. */
class PackageCyclesTest {

    @Test
    void noPackageCycles() {
        // this module's classes only (scanning the class path for the package reads every jar)
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of("target/classes"));
        slices().matching("io.cqrsrouting.(**)").should().beFreeOfCycles().check(classes);
    }
}
