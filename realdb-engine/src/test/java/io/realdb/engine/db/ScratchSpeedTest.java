package io.realdb.engine.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.List;

class ScratchSpeedTest {
    @Test
    void measure(@TempDir Path work) throws Exception {
        Path plain = work.resolve("seed.sql");
        Path gzipped = work.resolve("seed.sql.gz");
        SeedRestoreSpeedTest.writeDump(plain, false);
        SeedRestoreSpeedTest.writeDump(gzipped, true);
        for (Path p : List.of(plain)) {
            long t = System.nanoTime();
            long n = 0;
            try (SqlScript s = SqlScript.open(p)) {
                for (SqlStatement st = s.next(); st != null; st = s.next()) n += st.sql().length();
            }
            System.out.printf("parse %s: %d ms (%d chars)%n", p.getFileName(), (System.nanoTime() - t) / 1_000_000, n);
        }
        for (List<String> opts : List.of(List.<String>of(), List.of("--innodb-flush-log-at-trx-commit=2"), List.of("--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--innodb-buffer-pool-size=512M", "--innodb-log-file-size=512M"))) {
        System.out.println("options " + opts);
        MariaDbEngine engine = new MariaDbEngine(MariaDbBinaries.Choice.SYSTEM, java.time.Duration.ofSeconds(60), opts);
        try (MariaDbServer server = engine.startPrivate(work.resolve("server"))) {
            for (Path seed : List.of(gzipped, plain, gzipped, plain)) {
                server.prepareDatabase("speed", "root", null);
                SeedRestorer.Progress done = SeedRestorer.restore(server, "speed", seed, p -> { });
                System.out.printf("restore %s: %d ms%n", seed.getFileName(), done.elapsed().toMillis());
            }
        }
        }
    }
}
