package io.realdb.engine.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what a run pays before its first migration: starting a private server, and restoring
 * a seed of {@value #ROWS} rows written as {@code mysqldump} writes them (multi-row INSERTs of
 * about 1 MB). The figures are printed; the test checks only that everything arrived.
 */
class SeedRestoreSpeedTest {

    static final int ROWS = 200_000;

    @Test
    void shouldMeasureServerStartAndRestoreSpeed(@TempDir Path work) throws IOException, SQLException {
        Path plain = work.resolve("seed.sql");
        Path gzipped = work.resolve("seed.sql.gz");
        writeDump(plain, false);
        writeDump(gzipped, true);
        MariaDbEngine engine = new MariaDbEngine().withBinaries(MariaDbBinaries.Choice.SYSTEM);

        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            engine.startPrivate(work.resolve("start-" + i)).close();
            starts.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        System.out.printf("private server (system binaries): start+stop %s ms%n", starts);

        try (MariaDbServer server = engine.startPrivate(work.resolve("server"))) {
            for (Path seed : List.of(plain, gzipped)) {
                server.createRunDatabase(new RunDatabase("speed", "speed_user", "speed-secret"));
                SeedRestorer.Progress done = SeedRestorer.restore(server, "speed", seed, p -> { });

                double seconds = done.elapsed().toNanos() / 1e9;
                System.out.printf("restore %s (%.1f MB on disk, %d statements): %.2f s, %.0f rows/s%n",
                        seed.getFileName(), Files.size(seed) / 1e6, done.statements(), seconds, ROWS / seconds);
                assertThat(PrivateMariaDbServerTest.count(server, "speed", "SELECT COUNT(*) FROM customer")).isEqualTo(ROWS);
            }
        }
    }

    /** A dump shaped like mysqldump's: header, table, LOCK TABLES, extended INSERTs, footer. */
    static void writeDump(Path file, boolean gzip) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
                gzip ? new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) : Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            out.write("""
                    -- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
                    /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                    /*!40101 SET NAMES utf8mb4 */;
                    /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
                    /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
                    DROP TABLE IF EXISTS `customer`;
                    CREATE TABLE `customer` (
                      `id` int(11) NOT NULL,
                      `name` varchar(64) NOT NULL,
                      `email` varchar(128) DEFAULT NULL,
                      `created_at` datetime NOT NULL,
                      `balance` decimal(12,2) NOT NULL DEFAULT 0.00,
                      `note` text,
                      PRIMARY KEY (`id`),
                      KEY `ix_email` (`email`)
                    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
                    LOCK TABLES `customer` WRITE;
                    /*!40000 ALTER TABLE `customer` DISABLE KEYS */;
                    """);
            StringBuilder insert = new StringBuilder();
            for (int id = 1; id <= ROWS; id++) {
                if (insert.isEmpty()) {
                    insert.append("INSERT INTO `customer` VALUES ");
                } else {
                    insert.append(',');
                }
                insert.append('(').append(id).append(",'Customer ").append(id).append(" O\\'Brien','customer")
                        .append(id).append("@example.org','2024-01-").append(10 + id % 18).append(" 12:").append(10 + id % 50)
                        .append(":00',").append(id % 10_000).append('.').append(10 + id % 90)
                        .append(",'note; with \"quotes\" and ünïcödé ").append(id * 7L).append("')");
                if (insert.length() > 1_000_000 || id == ROWS) {
                    out.write(insert.append(";\n").toString());
                    insert.setLength(0);
                }
            }
            out.write("""
                    /*!40000 ALTER TABLE `customer` ENABLE KEYS */;
                    UNLOCK TABLES;
                    /*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
                    /*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
                    -- Dump completed
                    """);
        }
    }
}
