package io.realdb.engine.dataset;

import io.realdb.engine.BadInputException;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.RegressionPolicy;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.StepImpact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLoaderTest {

    @TempDir
    Path dir;

    private Path datasetWith(String configName, String json) throws IOException {
        Files.writeString(dir.resolve(configName), json);
        Files.writeString(dir.resolve("nova_user_001.sql"), "SELECT 1;\n");
        return dir;
    }

    private static String fixture(String name) throws IOException {
        try (var in = DatasetLoaderTest.class.getResourceAsStream("/turbo-hipster/datasets/" + name)) {
            return new String(in.readAllBytes());
        }
    }

    @Test
    void shouldReadTurboHipsterConfigAsItIs() throws IOException {
        Dataset dataset = new DatasetLoader().load(datasetWith("config.json", fixture("user_001.config.json")));

        assertThat(dataset.project()).isEqualTo("openstack/nova");
        assertThat(dataset.engine()).isEqualTo("mysql");
        assertThat(dataset.database()).isEqualTo("nova_datasets_user_001");
        assertThat(dataset.user()).isEqualTo("nova");
        assertThat(dataset.password()).isEqualTo("tester");
        assertThat(dataset.seed()).isEqualTo(dir.resolve("nova_user_001.sql"));
        assertThat(dataset.limits().secondsFor("151->152")).contains(333.0);
        assertThat(dataset.limits().secondsFor("152->151")).contains(330.0);
        assertThat(dataset.limits().secondsFor("1->2")).contains(60.0);
        assertThat(dataset.limits().rowsReadFor("151->152")).contains(3_470_000L);
        assertThat(dataset.limits().rowsChangedFor("229->230")).contains(140_000L);
        assertThat(dataset.limits().rowsChangedFor("1->2")).contains(100_000L);
        assertThat(dataset.limits().seconds()).doesNotContainKeys("_138_bugs", "_149_bugs");
        assertThat(dataset.migration()).isNull();
        assertThat(dataset.downgradeTo()).isNull();
    }

    @Test
    void shouldFindTheOnlyConfigFileNamedAfterTheDataset() throws IOException {
        Dataset dataset = new DatasetLoader().load(datasetWith("user_001.config.json", fixture("user_001.config.json")));

        assertThat(dataset.configFile()).isEqualTo(dir.resolve("user_001.config.json"));
    }

    @Test
    void shouldReadEveryFixtureConfigLimits() throws IOException {
        for (String name : new String[] {"131007_devstack_export.config.json", "nova_trivial_500.config.json",
                "nova_trivial_6000.config.json", "some_dataset_example.config.json", "user_002.config.json"}) {
            Path file = dir.resolve(name);
            Files.writeString(file, fixture(name));
            DatasetLimits limits = new DatasetLoader().loadLimits(file);
            assertThat(limits.limits().secondsFor("default")).as(name).isPresent();
        }
    }

    @Test
    void shouldUseTheGzippedSeedWhenThePlainOneIsMissing() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"database\": \"d\", \"seed_data\": \"seed.sql\"}");
        Files.write(dir.resolve("seed.sql.gz"), new byte[] {31, -117});

        assertThat(new DatasetLoader().load(dir).seed()).isEqualTo(dir.resolve("seed.sql.gz"));
    }

    @Test
    void shouldReportBrokenJsonWithItsLine() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\n  \"database\": \"d\",\n  \"seed_data\": \"s.sql\"\n  \"type\": \"mysql\"\n}\n");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve("config.json").toString())
                .hasMessageContaining("line 4");
    }

    @Test
    void shouldReportAMissingFolder() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> new DatasetLoader().load(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("dataset folder '" + missing + "' does not exist");
    }

    @Test
    void shouldReportAFolderWithoutConfig() {
        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("has no config.json");
    }

    @Test
    void shouldReportAMissingSeedFile() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"database\": \"d\", \"seed_data\": \"gone.sql\"}");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("seed file '" + dir.resolve("gone.sql") + "'")
                .hasMessageContaining("seed_data");
    }

    @Test
    void shouldNameAWrongLimitField() throws IOException {
        Files.writeString(dir.resolve("config.json"),
                "{\"database\": \"d\", \"seed_data\": \"s.sql\", \"maximum_migration_times\": {\"default\": \"sixty\"}}");
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field maximum_migration_times.default must be a number");
    }

    @Test
    void shouldNameAMalformedStepKey() throws IOException {
        Files.writeString(dir.resolve("config.json"),
                "{\"database\": \"d\", \"seed_data\": \"s.sql\", \"Innodb_rows_read\": {\"151-152\": 5}}");
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field Innodb_rows_read.151-152");
    }

    @Test
    void shouldRejectAnUnsafeDatabaseName() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"database\": \"d`; DROP\", \"seed_data\": \"s.sql\"}");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field database");
    }

    @Test
    void shouldTakeThePasswordFromTheEnvironmentByReference() throws IOException {
        Files.writeString(dir.resolve("config.json"),
                "{\"database\": \"d\", \"seed_data\": \"s.sql\", \"db_pass_env\": \"NOVA_PW\"}");
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");

        Dataset dataset = new DatasetLoader(Map.of("NOVA_PW", "s3cret")::get).load(dir);

        assertThat(dataset.password()).isEqualTo("s3cret");
        assertThat(dataset.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new DatasetLoader(name -> null).load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field db_pass_env names the environment variable 'NOVA_PW', which is not set");
    }

    @Test
    void shouldTakeThePasswordFromAFile() throws IOException {
        Files.writeString(dir.resolve("config.json"),
                "{\"database\": \"d\", \"seed_data\": \"s.sql\", \"db_pass_file\": \"pw.txt\"}");
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");
        Files.writeString(dir.resolve("pw.txt"), "from-file\n");

        assertThat(new DatasetLoader().load(dir).password()).isEqualTo("from-file");
    }

    @Test
    void shouldReadRealdbKeysAndSeverityPolicy() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"database": "d", "seed_data": "s.sql", "engine": "mariadb", "downgrade_to": "none",
                 "migration": {"tool": "sql-dir", "path": "db/migrations"},
                 "severity": {"took-too-long": "warning"}, "surprise": 1}
                """);
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");

        DatasetLoader loader = new DatasetLoader();
        Dataset dataset = loader.load(dir);

        assertThat(dataset.engine()).isEqualTo("mariadb");
        assertThat(dataset.downgradeTo()).isEqualTo("none");
        assertThat(dataset.migration().get("path").asText()).isEqualTo("db/migrations");
        assertThat(dataset.limits().severityOf(FindingKind.TOOK_TOO_LONG)).isEqualTo(Severity.WARNING);
        assertThat(dataset.limits().severityOf(FindingKind.TOO_MANY_ROWS_READ)).isEqualTo(Severity.FAILURE);
        assertThat(loader.warnings()).singleElement().asString().contains("unknown key 'surprise'");
    }

    @Test
    void shouldRefuseToTurnInfrastructureTroubleIntoAWarning() throws IOException {
        Files.writeString(dir.resolve("config.json"),
                "{\"database\": \"d\", \"seed_data\": \"s.sql\", \"severity\": {\"infrastructure\": \"warning\"}}");
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field severity.infrastructure cannot be changed");
    }

    @Test
    void shouldRefuseAnEmptySeedNamingIt() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"database\": \"d\", \"seed_data\": \"empty.sql\"}");
        Files.writeString(dir.resolve("empty.sql"), "");

        assertThatThrownBy(() -> new DatasetLoader().load(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.sql")
                .hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void shouldTakeTheDefaultRegressionPolicyWhenTheConfigHasNone() throws IOException {
        Dataset dataset = new DatasetLoader().load(datasetWith("config.json", fixture("user_001.config.json")));

        assertThat(dataset.limits().regression()).isEqualTo(RegressionPolicy.DEFAULT);
        assertThat(RegressionPolicy.DEFAULT).isEqualTo(new RegressionPolicy(true, 2.0, 30, 10, 5.0, 1000));
    }

    @Test
    void shouldReadTheRegressionSectionKeepingDefaultsForWhatItDoesNotSay() throws IOException {
        Path folder = datasetWith("config.json", """
                {"seed_data": "nova_user_001.sql",
                 "regression": {"_why": "slow agents", "factor": 3, "runs": 8, "min_seconds": 0.5}}
                """);

        RegressionPolicy policy = new DatasetLoader().loadLimits(folder).limits().regression();

        assertThat(policy).isEqualTo(new RegressionPolicy(true, 3.0, 8, 8, 0.5, 1000));
    }

    @Test
    void shouldTurnTheRegressionCheckOffWhenTheSectionIsFalse() throws IOException {
        Path folder = datasetWith("config.json", "{\"seed_data\": \"nova_user_001.sql\", \"regression\": false}");

        assertThat(new DatasetLoader().loadLimits(folder).limits().regression().enabled()).isFalse();
    }

    @Test
    void shouldRefuseARegressionSectionItCannotUse() throws IOException {
        for (String section : new String[] {"{\"factor\": 1}", "{\"runs\": 0}", "{\"runs\": 5, \"min_runs\": 6}",
                "{\"min_rows\": -1}", "{\"min_rows\": 1.5}", "{\"median\": 3}", "\"yes\""}) {
            Path folder = datasetWith("config.json", "{\"seed_data\": \"nova_user_001.sql\", \"regression\": " + section + "}");

            assertThatThrownBy(() -> new DatasetLoader().loadLimits(folder)).as(section)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("field regression");
        }
    }

    private Path configWith(String extra) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"database\": \"d\", \"seed_data\": \"s.sql\", " + extra + "}");
        Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");
        return dir;
    }

    @Test
    void shouldProbeEveryDatasetUnlessItsConfigSaysOtherwise() throws IOException {
        assertThat(new DatasetLoader().load(configWith("\"name\": \"x\"")).impact()).isEqualTo(ImpactSettings.DEFAULT);
        assertThat(ImpactSettings.DEFAULT).extracting(ImpactSettings::enabled, ImpactSettings::thresholdMs,
                ImpactSettings::concurrency).containsExactly(true, 200L, 1);
    }

    @Test
    void shouldReadTheImpactSectionAndBlockLimits() throws IOException {
        Dataset dataset = new DatasetLoader().load(configWith("""
                "impact": {"threshold_ms": 500, "concurrency": 2, "exclude": ["Big_Log_Table"], "enabled": false,
                           "_why": "the log table is written by every request"},
                "maximum_write_block_ms": {"default": 1000, "3->4": 20000},
                "maximum_read_block_ms": {"default": 100}
                """));

        assertThat(dataset.impact()).isEqualTo(new ImpactSettings(false, 500, 2, java.util.Set.of("big_log_table")));
        assertThat(dataset.impact().excludes("BIG_LOG_TABLE")).isTrue();
        assertThat(dataset.limits().blockMsFor(StepImpact.Access.WRITE, "3->4")).contains(20_000L);
        assertThat(dataset.limits().blockMsFor(StepImpact.Access.WRITE, "4->5")).contains(1_000L);
        assertThat(dataset.limits().blockMsFor(StepImpact.Access.READ, "3->4")).contains(100L);
        assertThat(new DatasetLoader().loadLimits(dir).limits().blockMsFor(StepImpact.Access.READ, "1->2")).contains(100L);
    }

    @Test
    void shouldNameAnUnknownImpactSetting() throws IOException {
        assertThatThrownBy(() -> new DatasetLoader().load(configWith("\"impact\": {\"treshold_ms\": 500}")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field impact.treshold_ms is not a setting of impact")
                .hasMessageContaining("concurrency, enabled, exclude, threshold_ms");
    }

    @Test
    void shouldRefuseImpactSettingsOfTheWrongKind() throws IOException {
        for (String[] wrong : new String[][] {
                {"\"impact\": [1]", "field impact must be an object"},
                {"\"impact\": {\"enabled\": \"yes\"}", "field impact.enabled must be true or false"},
                {"\"impact\": {\"threshold_ms\": 0}", "field impact.threshold_ms must be a whole number from 1"},
                {"\"impact\": {\"concurrency\": 1.5}", "field impact.concurrency must be a whole number from 1 to 16"},
                {"\"impact\": {\"concurrency\": 99}", "field impact.concurrency must be a whole number from 1 to 16"},
                {"\"impact\": {\"exclude\": \"t\"}", "field impact.exclude must be a list of table names"},
                {"\"impact\": {\"exclude\": [\"\"]}", "field impact.exclude[0] must be a table name"},
                {"\"maximum_write_block_ms\": {\"default\": -1}", "field maximum_write_block_ms.default must be a number"}}) {
            assertThatThrownBy(() -> new DatasetLoader().load(configWith(wrong[0])))
                    .as(wrong[0]).isInstanceOf(BadInputException.class).hasMessageContaining(wrong[1]);
        }
    }
}
