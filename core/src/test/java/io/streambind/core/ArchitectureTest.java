package io.streambind.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core stays a pure math library: no Kafka anywhere, no file I/O in the math, and the continual loop
 * that replay and the learner share is a pure object (no I/O, no JSON, no clock).
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streambind.core");

    @Test
    void coreNeverDependsOnKafka() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .check(CORE);
    }

    @Test
    void mathDoesNoIo() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core.math..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.io..", "java.nio.file..")
                .check(CORE);
    }

    @Test
    void theContinualLoopIsPure() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core.loop..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.io..",
                        "java.nio..",
                        "java.net..",
                        "com.fasterxml..",
                        "io.streambind.core.io..",
                        "io.streambind.core.replay..")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .check(CORE);
    }
}
