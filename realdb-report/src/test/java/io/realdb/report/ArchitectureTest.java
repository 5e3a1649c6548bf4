package io.realdb.report;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Holds the report module to docs/architecture.md. */
class ArchitectureTest {

    private static JavaClasses report;

    @BeforeAll
    static void importReport() {
        report = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.realdb.report");
    }

    @Test
    void shouldNotKnowTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("picocli..", "io.realdb.cli..")
                .check(report);
    }

    @Test
    void shouldKeepTheChartModelFreeOfRunsAndPages() {
        noClasses().that().resideInAPackage("io.realdb.report.chart..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine..", "io.realdb.report.html..", "io.realdb.report.trend..")
                .check(report);
    }

    @Test
    void shouldReadRunsOnlyFromResultsAndTheHistory() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.runner..", "io.realdb.engine.db..", "io.realdb.engine.migration..",
                        "io.realdb.engine.project..", "io.realdb.engine.process..")
                .check(report);
    }
}
