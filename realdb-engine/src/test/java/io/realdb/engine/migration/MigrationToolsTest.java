package io.realdb.engine.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.BadInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationToolsTest {

    private static MigrationTool create(String json) throws Exception {
        return MigrationTools.create(new ObjectMapper().readTree(json), "config.json");
    }

    @Test
    void shouldKnowEveryToolById() throws Exception {
        assertThat(create("{\"tool\": \"alembic\"}").id()).isEqualTo("alembic");
        assertThat(create("{\"tool\": \"sqlalchemy-migrate\", \"repository\": \"repo\"}").id()).isEqualTo("sqlalchemy-migrate");
        assertThat(create("{\"tool\": \"flyway\"}").id()).isEqualTo("flyway");
        assertThat(create("{\"tool\": \"liquibase\", \"changelog\": \"db/changelog.xml\"}").id()).isEqualTo("liquibase");
        assertThat(MigrationTools.ids()).contains("sql-dir", "command", "alembic", "sqlalchemy-migrate", "flyway", "liquibase");
    }

    @Test
    void shouldNameAMisspeltSettingInsteadOfIgnoringIt() {
        assertThatThrownBy(() -> create("{\"tool\": \"alembic\", \"versoins\": \"db/versions\"}"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("config.json: field migration.versoins is not a setting of the alembic tool")
                .hasMessageContaining("versions");
        assertThatThrownBy(() -> create("{\"tool\": \"sqlalchemy-migrate\"}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("migration.repository is missing");
        assertThatThrownBy(() -> create("{\"tool\": \"alembic\", \"version_table\": \"x; DROP TABLE y\"}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is not a table name");
        assertThatThrownBy(() -> create("{\"tool\": \"alembic\", \"up\": \"alembic 'upgrade {to}\"}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("migration.up");
    }
}
