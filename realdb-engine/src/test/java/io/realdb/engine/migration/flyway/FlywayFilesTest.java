package io.realdb.engine.migration.flyway;

import io.realdb.engine.BadInputException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding Flyway's migrations by their names, as Flyway finds them. */
class FlywayFilesTest {

    @TempDir
    Path checkout;

    private void write(String... files) throws IOException {
        for (String file : files) {
            Path path = checkout.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "SELECT 1;\n");
        }
    }

    private List<String> versions(String... locations) {
        return FlywayFiles.read(checkout, List.of(locations)).versioned().stream()
                .map(FlywayFiles.Script::versionText).toList();
    }

    @Test
    void shouldOrderVersionPartsAsNumbers() throws IOException {
        write("db/migration/V1_10__b.sql", "db/migration/V1_2__a.sql", "db/migration/V2__c.sql",
                "db/migration/V1__init.sql", "db/migration/V1_9_1__d.sql", "db/migration/V10__e.sql");

        assertThat(versions("db/migration")).containsExactly("1", "1.2", "1.9.1", "1.10", "2", "10");
    }

    @Test
    void shouldReadVersionsAsFlywayDoes() {
        assertThat(FlywayFiles.version("1_2")).isEqualTo(FlywayFiles.version("1.2"));
        assertThat(FlywayFiles.version("1.02")).isEqualTo(FlywayFiles.version("1.2"));
        assertThat(FlywayFiles.version("1.2.0")).isEqualTo(FlywayFiles.version("1.2"));
        assertThat(FlywayFiles.version("1.2")).isLessThan(FlywayFiles.version("1.10"));
        assertThat(FlywayFiles.version("1_2").getVersion()).isEqualTo("1.2");
        assertThat(FlywayFiles.version("12345678901234567890.1")).isGreaterThan(FlywayFiles.version("9.99"));
        assertThat(FlywayFiles.version("latest")).isNull();
        assertThat(FlywayFiles.version("1..2")).isNull();
        assertThat(FlywayFiles.version("1.a")).isNull();
        assertThat(FlywayFiles.version("")).isNull();
    }

    @Test
    void shouldSplitNamesIntoVersionAndDescription() {
        assertThat(FlywayFiles.parse("V1_2__add_column.sql", "V", "x")).get()
                .satisfies(s -> {
                    assertThat(s.version()).isEqualTo(MigrationVersion.fromVersion("1.2"));
                    assertThat(s.title()).isEqualTo("1.2 - add column");
                });
        assertThat(FlywayFiles.parse("V3.sql", "V", "x")).get().extracting(FlywayFiles.Script::title).isEqualTo("3");
        assertThat(FlywayFiles.parse("V4__upper.SQL", "V", "x")).isPresent();
        assertThat(FlywayFiles.parse("v5__lower_prefix.sql", "V", "x")).isEmpty();
        assertThat(FlywayFiles.parse("V6__x.sql.conf", "V", "x")).isEmpty();
        assertThat(FlywayFiles.parse("V1.a__letters.sql", "V", "x")).isEmpty();
        assertThat(FlywayFiles.parse("Vlatest__word.sql", "V", "x")).isEmpty();
        assertThat(FlywayFiles.parse("U1_2__add_column.sql", "U", "x")).isPresent();
        assertThat(FlywayFiles.isRepeatable("R__views.sql")).isTrue();
        assertThat(FlywayFiles.isRepeatable("R1__views.sql")).isFalse();
    }

    @Test
    void shouldSearchLocationsRecursivelySkippingHiddenFoldersAndOtherFiles() throws IOException {
        write("db/migration/V1__a.sql", "db/migration/2024/V2__b.sql", "db/migration/2024/deep/V3__c.sql",
                "db/migration/.hidden/V4__d.sql", "db/migration/V5__e.txt", "db/migration/beforeMigrate.sql",
                "db/migration/R__views.sql", "db/migration/U2__b.sql", "db/migration/v6__lower.sql",
                "other/V7__f.sql");

        FlywayFiles files = FlywayFiles.read(checkout, List.of("db/migration"));

        assertThat(files.versioned()).extracting(FlywayFiles.Script::file)
                .containsExactly("db/migration/V1__a.sql", "db/migration/2024/V2__b.sql", "db/migration/2024/deep/V3__c.sql");
        assertThat(files.repeatable()).containsExactly("db/migration/R__views.sql");
        assertThat(files.undo(MigrationVersion.fromVersion("2"))).get()
                .extracting(FlywayFiles.Script::file).isEqualTo("db/migration/U2__b.sql");
        assertThat(files.undo(MigrationVersion.fromVersion("1"))).isEmpty();
    }

    @Test
    void shouldMergeSeveralLocationsAndSkipOneTheCheckoutLacks() throws IOException {
        write("sql/core/V1__a.sql", "sql/extra/V1_5__b.sql", "sql/core/V2__c.sql");

        assertThat(versions("sql/core", "sql/extra", "sql/not-yet")).containsExactly("1", "1.5", "2");
        assertThat(versions("sql", "sql/core")).containsExactly("1", "1.5", "2");
    }

    @Test
    void shouldFindAVersionSpelledDifferently() throws IOException {
        write("db/migration/V1_02__x.sql");

        FlywayFiles files = FlywayFiles.read(checkout, List.of("db/migration"));

        assertThat(files.find("1.2")).get().extracting(FlywayFiles.Script::versionText).isEqualTo("1.02");
        assertThat(files.find("1.2.0")).isPresent();
        assertThat(files.find("1.3")).isEmpty();
    }

    @Test
    void shouldRefuseTwoFilesOfTheSameVersionNamingBoth() throws IOException {
        write("db/migration/V1_02__x.sql", "db/migration/sub/V1_2__y.sql");

        assertThatThrownBy(() -> FlywayFiles.read(checkout, List.of("db/migration")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("db/migration/V1_02__x.sql")
                .hasMessageContaining("db/migration/sub/V1_2__y.sql")
                .hasMessageContaining("both version 1.2");
    }

    @Test
    void shouldRefuseLocationsThatAreNoFolderOfTheProject() {
        assertThatThrownBy(() -> FlywayFiles.read(checkout, List.of("db/migration")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("migration.locations [db/migration]: no such folder in the project");
    }
}
