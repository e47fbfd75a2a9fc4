package dev.camroll.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The client library stays usable from Android and light to depend on: it uses the JDK (never {@code java.net.http},
 * which Android lacks), Gson and the tus client, nothing else (no Spring, no service class).
 */
class ClientFootprintTests {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.camroll.client");

    @Test
    void theLibraryDependsOnTheJdkGsonAndTheTusClientOnly() {
        classes()
                .that()
                .resideInAPackage("dev.camroll.client..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.camroll.client..", "com.google.gson..", "io.tus.java.client..")
                .check(LIBRARY);
    }

    @Test
    void theLibraryNeverUsesJavaNetHttp() {
        noClasses()
                .that()
                .resideInAPackage("dev.camroll.client..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.net.http..")
                .check(LIBRARY);
    }
}
