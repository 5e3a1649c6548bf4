package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Starting, losing and stopping private servers: each test has a server of its own. */
class PrivateMariaDbLifecycleTest {

    private final MariaDbEngine engine = new MariaDbEngine().withBinaries(MariaDbBinaries.Choice.SYSTEM);

    @Test
    void shouldStopTheServerAndRemoveItsDataOnClose(@TempDir Path work) {
        MariaDbServer server = engine.startPrivate(work);
        ProcessHandle process = server.process().orElseThrow();
        Path dataDir = server.dataDirectory().orElseThrow();
        assertThat(dataDir).isDirectory();

        server.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(dataDir).doesNotExist();
        assertThat(server.admin().socket()).doesNotExist();
        assertThat(server.serverLog().orElseThrow()).content().contains("ready for connections");
        assertThat(server.isAlive()).isFalse();
        server.close();
    }

    @Test
    void shouldPutTheSocketInAShortFolderWhenTheWorkFolderIsDeep(@TempDir Path root) {
        Path deep = root.resolve("a-rather-long-folder-name-to-push-the-socket-path-over-the-limit")
                .resolve("and-one-more-level-of-it-" + "x".repeat(30));
        assertThat(deep.resolve("mariadbd.sock").toString().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(PrivateMariaDb.MAX_SOCKET_PATH_BYTES);

        MariaDbServer server = engine.startPrivate(deep);
        Path socket = server.admin().socket();
        try {
            assertThat(socket.toString()).startsWith("/tmp/realdb-");
            assertThat(server.isAlive()).isTrue();
            assertThat(server.dataDirectory().orElseThrow()).startsWith(deep);
        } finally {
            server.close();
        }

        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void shouldNoticeThatTheServerWasKilled(@TempDir Path work) throws Exception {
        MariaDbServer server = engine.startPrivate(work);
        try {
            server.createRunDatabase(new RunDatabase("victim", "root", null));
            try (Connection open = server.connect("victim"); Statement st = open.createStatement()) {
                st.execute("CREATE TABLE t (id INT)");
                ProcessHandle process = server.process().orElseThrow();
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);

                SQLException lost = catchThrowableOfType(SQLException.class, () -> st.execute("INSERT INTO t VALUES (1)"));

                assertThat(SqlErrors.isInfrastructure(lost)).as("a statement on a dead server").isTrue();
                assertThat(server.isInfrastructure(lost)).isTrue();
            }
            assertThat(server.isAlive()).isFalse();
            assertThatThrownBy(server::readCounters).isInstanceOf(InfrastructureException.class);
            assertThatThrownBy(() -> SeedRestorer.restore(server, "victim",
                    PrivateMariaDbServerTest.FIXTURES.resolve("syntax-cases.sql"), p -> { }))
                    .isInstanceOf(InfrastructureException.class);
        } finally {
            server.close();
        }
        assertThat(server.dataDirectory().orElseThrow()).doesNotExist();
    }

    @Test
    void shouldShowTheEndOfTheServersLogWhenItCannotStart(@TempDir Path work) {
        MariaDbEngine broken = new MariaDbEngine(MariaDbBinaries.Choice.SYSTEM, Duration.ofSeconds(30),
                List.of("--realdb-no-such-option"));

        assertThatThrownBy(() -> broken.startPrivate(work))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("realdb-no-such-option");
        assertThat(work.resolve("mariadb-data")).doesNotExist();
    }

    @Test
    void shouldCallAFullTablespaceInfrastructureDuringARestore(@TempDir Path work) throws Exception {
        // The system tablespace may not grow past 16 MiB and every table lives in it: a disk
        // that fills up, without filling the machine's disk.
        MariaDbEngine small = new MariaDbEngine(MariaDbBinaries.Choice.SYSTEM, Duration.ofSeconds(60),
                List.of("--innodb-file-per-table=0", "--innodb-data-file-path=ibdata1:12M:autoextend:max:16M"));
        Path seed = work.resolve("too-big.sql");
        StringBuilder dump = new StringBuilder("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(4000)) ENGINE=InnoDB;\n");
        String pad = "x".repeat(3_000);
        for (int chunk = 0; chunk < 20; chunk++) {
            dump.append("INSERT INTO big VALUES ");
            for (int i = 0; i < 500; i++) {
                dump.append(i == 0 ? "" : ",").append('(').append(chunk * 500 + i).append(",'").append(pad).append("')");
            }
            dump.append(";\n");
        }
        Files.writeString(seed, dump);

        try (MariaDbServer server = small.startPrivate(work.resolve("server"))) {
            server.createRunDatabase(new RunDatabase("full", "root", null));

            assertThatThrownBy(() -> SeedRestorer.restore(server, "full", seed, p -> { }))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("is full");
            assertThat(server.isAlive()).isTrue();
        }
    }
}
