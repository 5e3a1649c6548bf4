package io.realdb.engine.migration.flyway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Flyway runs a change's migrations, which are untrusted: only in a step's own process, never in realdb's. */
class FlywayArchitectureTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.realdb.engine");
    }

    @Test
    void shouldKeepFlywayInsideTheFlywayTool() {
        noClasses().that().resideOutsideOfPackage("io.realdb.engine.migration.flyway..")
                .should().dependOnClassesThat().resideInAPackage("org.flywaydb..")
                .check(engine);
    }

    @Test
    void shouldRunFlywayOnlyInTheStepsOwnMainClass() {
        noClasses().that().doNotHaveFullyQualifiedName(FlywayStep.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName(Flyway.class.getName())
                .orShould().dependOnClassesThat().resideInAPackage("org.flywaydb.core.api.configuration..")
                .check(engine);
    }
}
