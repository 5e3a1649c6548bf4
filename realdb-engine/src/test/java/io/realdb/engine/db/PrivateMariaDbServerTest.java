package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import io.realdb.engine.model.RowCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One private server from the machine's programs for the whole class: nobody else uses it. */
class PrivateMariaDbServerTest {

    static final Path FIXTURES = Path.of("src/test/resources/db");

    @TempDir
    static Path work;

    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        long start = System.nanoTime();
        server = new MariaDbEngine().withBinaries(MariaDbBinaries.Choice.SYSTEM).startPrivate(work.resolve("server"));
        System.out.printf("private server (system binaries) up in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldRunOnASocketOnly() throws SQLException {
        assertThat(server.isPrivate()).isTrue();
        assertThat(server.isAlive()).isTrue();
        assertThat(server.version()).contains("MariaDB");
        assertThat(server.admin().socket()).exists();
        assertThat(server.admin().host()).isNull();
        assertThat(variable("skip_networking")).isEqualTo("ON");
        assertThat(server.process().orElseThrow().info().commandLine().orElse(""))
                .contains("--no-defaults", "--skip-networking", "--skip-name-resolve");
    }

    @Test
    void shouldRestoreEverySyntaxCaseOfADump() throws SQLException {
        server.createRunDatabase(new RunDatabase("shop", "shop_user", "shop-secret"));

        SeedRestorer.Progress done = SeedRestorer.restore(server, "shop", FIXTURES.resolve("syntax-cases.sql"), p -> { });

        assertThat(done.statements()).isGreaterThan(20);
        assertThat(done.bytesRead()).isEqualTo(done.totalBytes());
        assertThat(rows("shop", "SELECT id, name, note, `odd``name` FROM item ORDER BY id")).containsExactly(
                "1|it's|semi;colon|null",
                "2|say \"hi\"|two'quotes|7",
                "3|double \"quoted\"|back\\slash|null",
                "4|# not a comment|-- not a comment|null",
                "5|/* not a comment */|line1\nline2|null",
                "6|multi\nline|ünïcödé ✓|null",
                "7|after the trigger|;|null");
        assertThat(rows("shop", "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop'"))
                .containsExactly("1");
        try (Connection c = server.connect("shop"); Statement st = c.createStatement()) {
            st.execute("CALL count_items(@n)");
            try (ResultSet rs = st.executeQuery("SELECT @n")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void shouldRestoreGzippedSeedsFoundByNameOrByMagic(@TempDir Path dir) throws IOException, SQLException {
        Path named = dir.resolve("syntax-cases.sql.gz");
        Path unnamed = dir.resolve("syntax-cases.dump");
        gzip(Files.readAllBytes(FIXTURES.resolve("syntax-cases.sql")), named);
        Files.copy(named, unnamed);

        for (Path seed : List.of(named, unnamed)) {
            server.createRunDatabase(new RunDatabase("shop_gz", "root", null));
            SeedRestorer.Progress done = SeedRestorer.restore(server, "shop_gz", seed, p -> { });

            assertThat(done.bytesRead()).isEqualTo(Files.size(seed));
            assertThat(rows("shop_gz", "SELECT COUNT(*), MAX(note) FROM item")).containsExactly("7|ünïcödé ✓");
        }
    }

    @Test
    void shouldRestoreRawBinaryAndLatin1LiteralsByteForByte(@TempDir Path dir) throws IOException, SQLException {
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        dump.writeBytes("""
                CREATE TABLE b (id INT PRIMARY KEY, data BLOB, text VARCHAR(20) CHARACTER SET utf8mb4);
                INSERT INTO b VALUES (1,'""".getBytes(StandardCharsets.US_ASCII));
        dump.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, '\\', '0', '\\', '\'', (byte) 0x80});
        dump.writeBytes("','plain');\n/*!40101 SET NAMES latin1 */;\nINSERT INTO b VALUES (2,_binary'".getBytes(StandardCharsets.US_ASCII));
        dump.writeBytes(new byte[] {(byte) 0xe9, 0x01});
        dump.writeBytes("','caf".getBytes(StandardCharsets.US_ASCII));
        dump.writeBytes(new byte[] {(byte) 0xe9});
        dump.writeBytes("');\n/*!40101 SET NAMES utf8mb4 */;\n".getBytes(StandardCharsets.US_ASCII));
        Path seed = dir.resolve("binary.sql");
        Files.write(seed, dump.toByteArray());
        server.createRunDatabase(new RunDatabase("bin", "root", null));

        SeedRestorer.restore(server, "bin", seed, p -> { });

        try (Connection c = server.connect("bin"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT data, text FROM b ORDER BY id")) {
            rs.next();
            assertThat(rs.getBytes(1)).containsExactly(0xff, 0xfe, 0x00, '\'', 0x80);
            assertThat(rs.getString(2)).isEqualTo("plain");
            rs.next();
            assertThat(rs.getBytes(1)).containsExactly(0xe9, 0x01);
            assertThat(rs.getString(2)).isEqualTo("café");
        }
    }

    @Test
    void shouldNameTheFileAndLineOfAStatementTheServerRefuses() {
        server.createRunDatabase(new RunDatabase("broken", "root", null));
        Path seed = FIXTURES.resolve("bad-statement.sql");

        assertThatThrownBy(() -> SeedRestorer.restore(server, "broken", seed, p -> { }))
                .isInstanceOfSatisfying(SeedRestoreException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.errorCode()).isEqualTo(1064);
                    assertThat(e.seed()).isEqualTo(seed);
                })
                .hasMessageContaining(seed.toString())
                .hasMessageContaining("line 5")
                .hasMessageContaining("You have an error in your SQL syntax");
    }

    @Test
    void shouldCallAMissingSeedBadInput() {
        Path missing = FIXTURES.resolve("no-such-seed.sql");

        assertThatThrownBy(() -> SeedRestorer.restore(server, "shop", missing, p -> { }))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldRefuseASeedThatSwitchesToAnotherDatabase(@TempDir Path dir) throws IOException {
        Path seed = dir.resolve("other.sql");
        Files.writeString(seed, "CREATE DATABASE IF NOT EXISTS nova;\n\nUSE `nova`;\nCREATE TABLE t (id INT);\n");
        server.createRunDatabase(new RunDatabase("target", "root", null));

        assertThatThrownBy(() -> SeedRestorer.restore(server, "target", seed, p -> { }))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("'nova'");
    }

    @Test
    void shouldReportProgressAndTurnChecksBackOn(@TempDir Path dir) throws IOException, SQLException {
        Path seed = dir.resolve("many.sql");
        StringBuilder text = new StringBuilder("CREATE TABLE m (id INT PRIMARY KEY);\n");
        for (int i = 0; i < 2_000; i++) {
            text.append("INSERT INTO m VALUES (").append(i).append(");\n");
        }
        Files.writeString(seed, text);
        server.createRunDatabase(new RunDatabase("progress", "root", null));
        List<SeedRestorer.Progress> reports = new ArrayList<>();

        SeedRestorer.restore(server, "progress", seed, reports::add);

        assertThat(reports).isNotEmpty();
        SeedRestorer.Progress last = reports.get(reports.size() - 1);
        assertThat(last.statements()).isEqualTo(2_001);
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(rows("progress", "SELECT COUNT(*) FROM m")).containsExactly("2000");
    }

    @Test
    void shouldCountExactlyTheRowsAStepChanged() throws SQLException {
        server.createRunDatabase(new RunDatabase("counted", "root", null));
        try (Connection c = server.connect("counted"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        }
        RowCounts before = server.readCounters();

        try (Connection c = server.connect("counted"); Statement st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)");
            st.execute("UPDATE t SET v = v + 1 WHERE id <= 2");
            st.execute("DELETE FROM t WHERE id = 3");
        }
        RowCounts delta = server.readCounters().since(before);

        assertThat(delta.inserted()).isEqualTo(3);
        assertThat(delta.updated()).isEqualTo(2);
        assertThat(delta.deleted()).isEqualTo(1);
        assertThat(delta.read()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldLetTheDatasetUserLogInOverTheSocket() throws SQLException {
        server.createRunDatabase(new RunDatabase("app", "app_user", "app'secret\\"));
        ConnectionInfo asUser = server.admin().withUser("app_user", "app'secret\\");

        try (Connection c = MariaDbServer.open(asUser, "app", 5_000, 0); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CURRENT_USER(), DATABASE()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("app_user@localhost");
            assertThat(rs.getString(2)).isEqualTo("app");
        }
    }

    static long count(MariaDbServer on, String database, String sql) throws SQLException {
        try (Connection c = on.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String variable(String name) throws SQLException {
        return rows(null, "SELECT @@GLOBAL." + name + " = 1").get(0).equals("1") ? "ON" : "OFF";
    }

    /** Each row as its columns joined by {@code |}. */
    static List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    static void gzip(byte[] text, Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text);
        }
    }
}
