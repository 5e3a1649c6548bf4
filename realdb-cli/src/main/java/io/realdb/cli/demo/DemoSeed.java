package io.realdb.cli.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the demo's seed: a dump-shaped file (SQL that MariaDB and PostgreSQL both take) of a database at version 2 of the demo
 * project, with enough instances that rewriting the table takes measurable time. The same
 * seed every time: the generator is seeded.
 */
public final class DemoSeed {

    private static final int ROWS_PER_INSERT = 1000;
    private static final List<String> STATES = List.of("ACTIVE", "SHUTOFF", "ERROR", "BUILDING", "DELETED");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private DemoSeed() {
    }

    /**
     * @param schema the statements that made versions 1 and 2, as the demo's migrations have them
     */
    public static void write(Path file, String schema, int instances, int hosts) throws IOException {
        Random random = new Random(20140116L);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            out.write("-- realdb demo seed: a small cloud's instances, at schema version 2\n");
            out.write("/*!40101 SET NAMES utf8mb4 */;\n\n");
            out.write("CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);\n");
            out.write("INSERT INTO schema_migrations VALUES (2, false);\n\n");
            out.write(schema);
            out.write("\n");
            out.write("INSERT INTO hosts (name, zone) VALUES ");
            for (int h = 0; h < hosts; h++) {
                out.write((h == 0 ? "" : ",") + "('" + hostName(h) + "','zone-" + (h % 4) + "')");
            }
            out.write(";\n");
            LocalDateTime start = LocalDateTime.of(2013, 1, 1, 0, 0);
            for (int row = 0; row < instances; row++) {
                out.write(row % ROWS_PER_INSERT == 0
                        ? "INSERT INTO instances (uuid, host, state, memory_mb, created_at) VALUES "
                        : ",");
                UUID uuid = new UUID(random.nextLong(), random.nextLong());
                out.write("('" + uuid + "','" + hostName(random.nextInt(hosts)) + "','"
                        + STATES.get(random.nextInt(STATES.size())) + "'," + (512 << random.nextInt(6)) + ",'"
                        + start.plusMinutes(row * 3L).format(DATE) + "')");
                if (row % ROWS_PER_INSERT == ROWS_PER_INSERT - 1 || row == instances - 1) {
                    out.write(";\n");
                }
            }
        }
    }

    private static String hostName(int index) {
        return String.format(Locale.ROOT, "Compute-%04d.Example.ORG", index);
    }
}
