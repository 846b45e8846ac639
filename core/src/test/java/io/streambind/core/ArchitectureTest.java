package io.streambind.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The core stays a pure math library: no Kafka, HTTP, file or JSON I/O anywhere in it (files and
 * stream directories are the io module's, benchmarks the bench module's), no I/O at all in the math,
 * and the continual loop that replay and the learner share is a pure object (no I/O, no JSON, no clock).
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            // main classes only, whatever the build directory is called (-Dsb.build.suffix)
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.streambind.core");

    /**
     * File I/O: java.nio.file and java.nio.channels (paths, files, file channels) and every class of
     * java.io except the three a classpath resource needs (RuntimeProvenance reads the version
     * properties bundled in the core jar through Class.getResourceAsStream): InputStream, IOException
     * and UncheckedIOException. java.nio's buffers and charsets are memory, not I/O, and stay allowed.
     */
    private static final DescribedPredicate<JavaClass> FILE_IO = resideInAnyPackage(
                    "java.nio.file..", "java.nio.channels..")
            .or(resideInAPackage("java.io")
                    .and(not(name("java.io.InputStream")
                            .or(name("java.io.IOException"))
                            .or(name("java.io.UncheckedIOException")))))
            .as("file I/O (java.nio.file, java.nio.channels, java.io beyond reading a classpath resource)");

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
    void coreDoesNoHttp() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..", "com.sun.net.httpserver..", "org.apache.hc..", "okhttp3..")
                .check(CORE);
    }

    @Test
    void coreDoesNoFileIo() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core..")
                .should()
                .dependOnClassesThat(FILE_IO)
                .check(CORE);
    }

    @Test
    void coreDoesNoJson() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.fasterxml..", "com.google.gson..", "jakarta.json..", "javax.json..", "org.json..")
                .check(CORE);
    }

    @Test
    void coreUsesNoOtherStreamBindModule() {
        noClasses()
                .that()
                .resideInAPackage("io.streambind.core..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.streambind..").and(not(resideInAPackage("io.streambind.core.."))))
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
                .resideInAnyPackage("java.io..", "java.nio..", "java.net..", "com.fasterxml..")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .check(CORE);
    }
}
