package org.polyreason.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of STYLE.md, checked on the compiled main classes of udfs and jobs: no
 * cycle between any two packages, and no job package depends on another job's package (shared table
 * models live in {@code core}, the list of jobs in {@code cli}).
 */
class PackageDependenciesTest {
  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.polyreason");
    assertThat(classes.stream().map(c -> c.getPackageName()).distinct().count())
        .as("packages imported (udfs and jobs)")
        .isGreaterThanOrEqualTo(15);
  }

  @Test
  void noPackagesDependOnEachOtherInACycle() {
    slices().matching("org.polyreason.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noJobPackageDependsOnAnotherJobPackage() {
    slices().matching("org.polyreason.jobs.(*)..").should().notDependOnEachOther().check(classes);
  }
}
