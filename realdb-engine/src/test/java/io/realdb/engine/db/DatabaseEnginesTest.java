package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseEnginesTest {

    private final DatabaseEngines engines = DatabaseEngines.standard();

    @Test
    void shouldFindMariaDbByIdAndAliasesInAnyCase() {
        assertThat(engines.get("mariadb")).isInstanceOf(MariaDbEngine.class);
        assertThat(engines.get("MySQL")).isInstanceOf(MariaDbEngine.class);
        assertThat(engines.get(" percona ")).isInstanceOf(MariaDbEngine.class);
        assertThat(engines.all()).extracting(DatabaseEngine::id).contains("mariadb");
    }

    @Test
    void shouldNameAnUnknownEngineAndTheKnownOnes() {
        assertThatThrownBy(() -> engines.get("oracle"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'oracle'")
                .hasMessageContaining("mariadb (also mysql, percona)");
        assertThat(engines.find(null)).isEmpty();
    }

    @Test
    void shouldRefuseTwoEnginesWithTheSameName() {
        DatabaseEngine impostor = new DatabaseEngine() {
            @Override
            public String id() {
                return "MYSQL";
            }

            @Override
            public List<String> aliases() {
                return List.of();
            }

            @Override
            public DatabaseServer startPrivate(Path workDir) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DatabaseServer connectExisting(ConnectionInfo connection) {
                throw new UnsupportedOperationException();
            }
        };

        assertThatThrownBy(() -> new DatabaseEngines(List.of(new MariaDbEngine(), impostor)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MYSQL");
    }
}
