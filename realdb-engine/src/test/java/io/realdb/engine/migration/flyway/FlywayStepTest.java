package io.realdb.engine.migration.flyway;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The step's own process, before it reaches a database; its runs are in {@link FlywayUpgradeJobTest}. */
class FlywayStepTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return FlywayStep.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSayWhyItCannotRunWithExitCode2() {
        assertThat(run(Map.of(), "upgrade")).isEqualTo(FlywayStep.NOT_RUN);
        assertThat(err()).startsWith(FlywayStep.NOT_RUN_REASON + "usage: FlywayStep migrate|undo");

        err.reset();
        assertThat(run(Map.of(), "migrate", "--table", "t", "--target", "1")).isEqualTo(FlywayStep.NOT_RUN);
        assertThat(err()).contains("migrate needs --table, --target and at least one --location");

        err.reset();
        assertThat(run(Map.of(), "migrate", "--table", "t;x", "--target", "1", "--location", "db")).isEqualTo(FlywayStep.NOT_RUN);
        assertThat(err()).contains("'t;x' is not a table name");

        err.reset();
        assertThat(run(Map.of(), "undo", "--table", "t", "--version", "1", "--location", "db")).isEqualTo(FlywayStep.NOT_RUN);
        assertThat(err()).contains("REALDB_JDBC_URL and REALDB_DB_USER must be set");
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldFindFlywayAndItsMariaDbSupportOnTheClassPath() {
        assertThat(run(Map.of(), "check")).isEqualTo(FlywayStep.DONE);
        assertThat(err.size()).isZero();
    }

    @Test
    void shouldSumUpFlywaysMessageInOneLine() {
        FlywayException failed = new FlywayException("Failed to execute script V2__x.sql\n-------\nSQL State  : 42S02",
                new SQLSyntaxErrorException("(conn=12) Table 'db.nope' doesn't exist", "42S02", 1146));
        FlywayException invalid = new FlywayException("Validate failed: Migrations have failed validation\n"
                + "Detected failed migration to version 2 (x).\nPlease remove any half-completed changes");

        assertThat(FlywayStep.summary(failed)).isEqualTo("Failed to execute script V2__x.sql: Table 'db.nope' doesn't exist (error 1146)");
        assertThat(FlywayStep.summary(invalid))
                .isEqualTo("Validate failed: Migrations have failed validation: Detected failed migration to version 2 (x).");
    }
}
