package io.streambind.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays a pure math library: no Kafka anywhere, no file I/O in the math. */
class ArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.streambind.core");

  @Test
  void coreNeverDependsOnKafka() {
    noClasses().that().resideInAPackage("io.streambind.core..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
        .check(CORE);
  }

  @Test
  void mathDoesNoIo() {
    noClasses().that().resideInAPackage("io.streambind.core.math..")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..")
        .check(CORE);
  }
}
