package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SqlScriptTest {

    @Test
    void shouldSplitOnSemicolonsAndTrackStartingLines() throws IOException {
        List<SqlStatement> statements = parse("""
                CREATE TABLE a (id INT);

                INSERT INTO a
                  VALUES (1);   INSERT INTO a VALUES (2);
                SELECT 1""");

        assertThat(statements).extracting(SqlStatement::sql, SqlStatement::line).containsExactly(
                tuple("CREATE TABLE a (id INT)", 1L),
                tuple("INSERT INTO a\n  VALUES (1)", 3L),
                tuple("INSERT INTO a VALUES (2)", 4L),
                tuple("SELECT 1", 5L));
    }

    @Test
    void shouldKeepDelimitersAndCommentMarkersInsideStrings() throws IOException {
        List<SqlStatement> statements = parse("""
                INSERT INTO t VALUES ('a;b', 'it\\'s', 'two''quotes', "dq;\\"x\\"", "d""d", '-- no', '# no', '/* no */');
                SELECT 2;""");

        assertThat(statements).extracting(SqlStatement::sql).containsExactly(
                "INSERT INTO t VALUES ('a;b', 'it\\'s', 'two''quotes', \"dq;\\\"x\\\"\", \"d\"\"d\", '-- no', '# no', '/* no */')",
                "SELECT 2");
    }

    @Test
    void shouldEndAStringOnlyAfterAnEscapedBackslash() throws IOException {
        List<SqlStatement> statements = parse("INSERT INTO t VALUES ('back\\\\');\nSELECT 3;");

        assertThat(statements).extracting(SqlStatement::sql)
                .containsExactly("INSERT INTO t VALUES ('back\\\\')", "SELECT 3");
    }

    @Test
    void shouldKeepBacktickIdentifiersWhole() throws IOException {
        List<SqlStatement> statements = parse("CREATE TABLE `we;ird``name` (`a'b` INT);\nSELECT 4;");

        assertThat(statements).extracting(SqlStatement::sql)
                .containsExactly("CREATE TABLE `we;ird``name` (`a'b` INT)", "SELECT 4");
    }

    @Test
    void shouldDropLineCommentsOfBothKinds() throws IOException {
        List<SqlStatement> statements = parse("""
                -- a comment; with a semicolon
                # a hash comment; too
                SELECT 1 -- trailing; comment
                  + 2;
                --
                SELECT 5--1;
                """);

        assertThat(statements).extracting(SqlStatement::sql, SqlStatement::line).containsExactly(
                tuple("SELECT 1 \n  + 2", 3L),
                tuple("SELECT 5--1", 6L));
    }

    @Test
    void shouldDropBlockCommentsButKeepConditionalOnes() throws IOException {
        List<SqlStatement> statements = parse("""
                /* a header
                   over lines; with a semicolon */
                /*!40101 SET NAMES utf8mb4 */;
                SELECT/* inline */1;
                /*M!100616 SET NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;
                SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1;
                """);

        assertThat(statements).extracting(SqlStatement::sql, SqlStatement::line).containsExactly(
                tuple("/*!40101 SET NAMES utf8mb4 */", 3L),
                tuple("SELECT 1", 4L),
                tuple("/*M!100616 SET NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */", 5L),
                tuple("SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1", 6L));
    }

    @Test
    void shouldFollowDelimiterCommandsAsMysqldumpWritesThemForTriggers() throws IOException {
        List<SqlStatement> statements = parse("""
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW BEGIN
                  SET NEW.a = 1;
                END */;;
                DELIMITER ;
                delimiter $$
                CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$
                DELIMITER ;
                SELECT 6;
                """);

        assertThat(statements).extracting(SqlStatement::sql, SqlStatement::line).containsExactly(
                tuple("/*!50003 CREATE*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND */", 2L),
                tuple("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", 7L),
                tuple("SELECT 6", 9L));
    }

    @Test
    void shouldCountLinesInsideStringsAndComments() throws IOException {
        List<SqlStatement> statements = parse("INSERT INTO t VALUES ('a\nb\nc');\n/* x\ny */\n# z\nSELECT 7;");

        assertThat(statements).extracting(SqlStatement::line).containsExactly(1L, 7L);
    }

    @Test
    void shouldSkipEmptyStatementsAndAByteOrderMark() throws IOException {
        byte[] text = ("\uFEFF;;\n ; SELECT 8;;").getBytes(StandardCharsets.UTF_8);

        assertThat(parse(text, "bom.sql")).extracting(SqlStatement::sql, SqlStatement::line)
                .containsExactly(tuple("SELECT 8", 2L));
    }

    @Test
    void shouldReturnAnUnterminatedLastStatementAsItIs() throws IOException {
        assertThat(parse("SELECT 1;\nSELECT 'open")).extracting(SqlStatement::sql)
                .containsExactly("SELECT 1", "SELECT 'open");
    }

    @Test
    void shouldKeepUtf8TextAsText() throws IOException {
        assertThat(parse("INSERT INTO t VALUES ('ünïcödé ✓ 😀');")).extracting(SqlStatement::sql)
                .containsExactly("INSERT INTO t VALUES ('ünïcödé ✓ 😀')");
    }

    @Test
    void shouldTurnBinaryStringsIntoHexLiteralsWithTheSameBytes() throws IOException {
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        dump.writeBytes("INSERT INTO b VALUES ('".getBytes(StandardCharsets.US_ASCII));
        dump.writeBytes(new byte[] {(byte) 0xff, 0x00, '\\', '0', '\\', '\'', '\'', '\'', (byte) 0xc3, '\\', 'n'});
        dump.writeBytes("',_binary'".getBytes(StandardCharsets.US_ASCII));
        dump.writeBytes(new byte[] {(byte) 0x80});
        dump.writeBytes("');".getBytes(StandardCharsets.US_ASCII));

        assertThat(parse(dump.toByteArray(), "blob.sql")).extracting(SqlStatement::sql)
                .containsExactly("INSERT INTO b VALUES (X'FF00002727C30A',_binary X'80')");
    }

    @Test
    void shouldGiveRewrittenLiteralsTheSessionsCharacterSet() throws IOException {
        byte[] text = "INSERT INTO t VALUES ('caf\u00e9', _binary'\u00ff');".getBytes(StandardCharsets.ISO_8859_1);
        try (SqlScript script = new SqlScript(new ByteArrayInputStream(text), "latin1.sql")) {
            script.clientCharset("latin1");

            assertThat(script.next().sql()).isEqualTo("INSERT INTO t VALUES (_latin1 X'636166E9', _binary X'FF')");
        }
    }

    @Test
    void shouldReadGzippedScriptsByNameOrByMagic(@TempDir Path dir) throws IOException {
        byte[] text = "SELECT 1;\n-- c\nSELECT 2;\n".getBytes(StandardCharsets.UTF_8);
        Path named = dir.resolve("seed.sql.gz");
        Path unnamed = dir.resolve("seed.dump");
        gzip(text, named);
        gzip(text, unnamed);

        for (Path file : List.of(named, unnamed)) {
            try (SqlScript script = SqlScript.open(file)) {
                assertThat(script.next()).isEqualTo(new SqlStatement("SELECT 1", 1));
                assertThat(script.next()).isEqualTo(new SqlStatement("SELECT 2", 3));
                assertThat(script.next()).isNull();
                assertThat(script.bytesRead()).isEqualTo(Files.size(file));
            }
        }
    }

    @Test
    void shouldHandleStatementsLargerThanItsBuffers() throws IOException {
        StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < 100_000; i++) {
            insert.append(i == 0 ? "" : ",").append("(").append(i).append(",'row; ").append(i).append("')");
        }
        List<SqlStatement> statements = parse(insert + ";\nSELECT 9;");

        assertThat(statements).hasSize(2);
        String big = statements.get(0).sql();
        assertThat(big.length()).isEqualTo(insert.length()).isGreaterThan(1 << 20);
        assertThat(big.equals(insert.toString())).as("the big statement comes back unchanged").isTrue();
        assertThat(statements.get(1).line()).isEqualTo(2);
    }

    @Test
    void shouldParseTheSyntaxCasesFixture() throws IOException {
        try (SqlScript script = SqlScript.open(Path.of("src/test/resources/db/syntax-cases.sql"))) {
            List<SqlStatement> statements = new ArrayList<>();
            for (SqlStatement s = script.next(); s != null; s = script.next()) {
                statements.add(s);
            }

            assertThat(statements).extracting(SqlStatement::sql).noneMatch(s -> s.startsWith("--") || s.startsWith("#"));
            assertThat(statements).filteredOn(s -> s.sql().startsWith("CREATE TABLE `item`"))
                    .singleElement().extracting(SqlStatement::line).isEqualTo(16L);
            assertThat(statements).filteredOn(s -> s.sql().contains("TRIGGER `item_bi`"))
                    .singleElement().extracting(SqlStatement::line).isEqualTo(39L);
            assertThat(statements).filteredOn(s -> s.sql().startsWith("CREATE PROCEDURE"))
                    .singleElement().satisfies(s -> assertThat(s.sql()).endsWith("END"));
        }
    }

    @Test
    void shouldRefuseADelimiterCommandWithoutADelimiter() {
        assertThatThrownBy(() -> parse("SELECT 1;\nDELIMITER \nSELECT 2;"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void shouldNameAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.sql");

        assertThatThrownBy(() -> SqlScript.open(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldValidateUtf8Strictly() {
        assertThat(SqlScript.isUtf8(bytes(0x41, 0xc3, 0xa9), 0, 3)).isTrue();
        assertThat(SqlScript.isUtf8(bytes(0xf0, 0x9f, 0x98, 0x80), 0, 4)).isTrue();
        assertThat(SqlScript.isUtf8(bytes(0xc3), 0, 1)).as("cut short").isFalse();
        assertThat(SqlScript.isUtf8(bytes(0xc0, 0x80), 0, 2)).as("overlong").isFalse();
        assertThat(SqlScript.isUtf8(bytes(0xed, 0xa0, 0x80), 0, 3)).as("surrogate").isFalse();
        assertThat(SqlScript.isUtf8(bytes(0xf4, 0x90, 0x80, 0x80), 0, 4)).as("above U+10FFFF").isFalse();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static void gzip(byte[] text, Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text);
        }
    }

    private static List<SqlStatement> parse(String text) throws IOException {
        return parse(text.getBytes(StandardCharsets.UTF_8), "test.sql");
    }

    private static List<SqlStatement> parse(byte[] text, String name) throws IOException {
        List<SqlStatement> statements = new ArrayList<>();
        try (SqlScript script = new SqlScript(new ByteArrayInputStream(text), name)) {
            for (SqlStatement s = script.next(); s != null; s = script.next()) {
                statements.add(s);
            }
        }
        return statements;
    }
}
