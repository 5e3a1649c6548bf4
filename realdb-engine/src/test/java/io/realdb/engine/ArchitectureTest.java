package io.realdb.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Holds the engine to docs/architecture.md. */
class ArchitectureTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.realdb.engine");
    }

    @Test
    void shouldKeepTheEngineFreeOfCommandLineHtmlAndJenkinsCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("picocli..", "io.realdb.cli..", "io.realdb.report..", "hudson..", "jenkins..")
                .check(engine);
    }

    @Test
    void shouldKeepTheModelIndependentOfTheRestOfTheEngine() {
        noClasses().that().resideInAPackage("io.realdb.engine.model..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.dataset..", "io.realdb.engine.db..", "io.realdb.engine.migration..",
                        "io.realdb.engine.project..", "io.realdb.engine.process..", "io.realdb.engine.log..",
                        "io.realdb.engine.analysis..", "io.realdb.engine.runner..", "io.realdb.engine.history..",
                        "io.realdb.engine.limits..", "io.realdb.engine.regression..", "io.realdb.engine.impact..")
                .check(engine);
    }

    @Test
    void shouldKeepTheHistoryAndLearnedLimitsApartFromRunningTheJob() {
        noClasses().that().resideInAnyPackage("io.realdb.engine.history..", "io.realdb.engine.limits..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.db..", "io.realdb.engine.migration..", "io.realdb.engine.project..",
                        "io.realdb.engine.process..", "io.realdb.engine.runner..", "org.eclipse.jgit..")
                .check(engine);
    }

    @Test
    void shouldJudgeRegressionsFromResultsAndTheHistoryAlone() {
        noClasses().that().resideInAPackage("io.realdb.engine.regression..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.db..", "io.realdb.engine.migration..", "io.realdb.engine.project..",
                        "io.realdb.engine.process..", "io.realdb.engine.runner..", "io.realdb.engine.dataset..",
                        "org.eclipse.jgit..", "java.sql..")
                .check(engine);
    }

    @Test
    void shouldAnalyseLogsWithoutKnowingDatabasesToolsOrGit() {
        noClasses().that().resideInAPackage("io.realdb.engine.analysis..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.db..", "io.realdb.engine.migration..", "io.realdb.engine.project..",
                        "io.realdb.engine.process..", "io.realdb.engine.runner..", "org.eclipse.jgit..", "java.sql..")
                .check(engine);
    }

    @Test
    void shouldKeepSnapshotsFreeOfDatabaseEngines() {
        noClasses().that().resideInAPackage("io.realdb.engine.db.snapshot..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.db", "io.realdb.engine.runner..", "java.sql..", "org.mariadb..")
                .check(engine);
    }

    @Test
    void shouldProbeStepsWithoutKnowingToolsGitOrTheAnalysis() {
        noClasses().that().resideInAPackage("io.realdb.engine.impact..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.migration..", "io.realdb.engine.project..",
                        "io.realdb.engine.process..", "io.realdb.engine.sandbox..", "io.realdb.engine.analysis..",
                        "io.realdb.engine.history..", "io.realdb.engine.limits..", "io.realdb.engine.review..",
                        "io.realdb.engine.regression..",
                        "org.eclipse.jgit..")
                .check(engine);
    }

    @Test
    void shouldLetOnlyTheRunnerComposeTheJob() {
        noClasses().that().resideOutsideOfPackage("io.realdb.engine.runner..")
                .should().dependOnClassesThat().resideInAPackage("io.realdb.engine.runner..")
                .check(engine);
    }

    @Test
    void shouldPostReviewsFromSavedResultsAlone() {
        noClasses().that().resideInAPackage("io.realdb.engine.review..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.realdb.engine.dataset..", "io.realdb.engine.db..", "io.realdb.engine.migration..",
                        "io.realdb.engine.project..", "io.realdb.engine.process..", "io.realdb.engine.log..",
                        "io.realdb.engine.analysis..", "io.realdb.engine.runner..", "org.eclipse.jgit..", "java.sql..")
                .check(engine);
    }
}
