package io.realdb.engine.migration.liquibase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationTools;
import io.realdb.engine.model.Direction;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tool's settings, the command lines it shows, and where Liquibase's code may run. */
class LiquibaseToolTest {

    private static final String WHERE = "dataset config 'config.json'";

    private static MigrationTool tool(String json) throws Exception {
        return MigrationTools.create(new ObjectMapper().readTree(json), WHERE);
    }

    private static Path project() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(LiquibaseToolTest.class.getResource("/liquibase/project")).toURI());
    }

    @Test
    void shouldBeRegisteredAsLiquibase() throws Exception {
        MigrationTool tool = tool("{\"tool\": \"liquibase\", \"changelog\": \"./db/changelog/db.changelog-master.xml\"}");

        assertThat(tool.id()).isEqualTo("liquibase");
        assertThat(tool.canDowngrade()).isTrue();
        assertThat(tool.history(project()).summary()).startsWith("db/changelog/db.changelog-master.xml::1::alice to ");
    }

    @Test
    void shouldNameTheFieldOfBadSettings() {
        assertThatThrownBy(() -> tool("{\"tool\": \"liquibase\"}"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(WHERE + ": field migration.changelog is missing");
        assertThatThrownBy(() -> tool("{\"tool\": \"liquibase\", \"changelog\": \"../elsewhere/master.xml\"}"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("field migration.changelog = '../elsewhere/master.xml' must be a file inside the project");
    }

    @Test
    void shouldDescribeTheStepsCommandLine() throws Exception {
        MigrationTool tool = tool("{\"tool\": \"liquibase\", \"changelog\": \"db/changelog/db.changelog-master.xml\"}");
        MigrationHistory history = tool.history(project());
        Migration two = history.migrations().get(1);
        Migration three = history.migrations().get(2);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(tool.describe(two, Direction.UP, "nova")).isEqualTo(java
                + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp {classpath} io.realdb.engine.migration.liquibase.LiquibaseStep"
                + " update db/changelog/db.changelog-master.xml db/changelog/db.changelog-master.xml::2::alice");
        assertThat(tool.describe(two, Direction.DOWN, "nova")).contains(".LiquibaseStep rollback ");
        assertThat(tool.describe(three, Direction.DOWN, "nova"))
                .isEqualTo("(Liquibase cannot roll back changeset db/changelog/db.changelog-master.xml::3::alice)");
    }

    @Test
    void shouldGiveAbsoluteClassPathEntries() {
        assertThat(io.realdb.engine.migration.JavaStepCommand.classPath().split(java.io.File.pathSeparator))
                .isNotEmpty().allSatisfy(entry -> assertThat(Path.of(entry)).isAbsolute());
    }

    @Test
    void shouldRunLiquibaseOnlyInTheStepsOwnProcess() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.realdb.engine");
        noClasses().that().doNotHaveFullyQualifiedName(LiquibaseStep.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("liquibase..")
                .because("a changelog is the change's code: Liquibase runs it only in a sandboxed process")
                .check(engine);
    }
}
