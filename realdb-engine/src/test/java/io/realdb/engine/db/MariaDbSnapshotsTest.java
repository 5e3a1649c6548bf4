package io.realdb.engine.db;

import io.realdb.engine.db.snapshot.SnapshotStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private servers that start from a copy of a snapshot of their seed's restore, made by the
 * first of them, on the machine's MariaDB.
 */
class MariaDbSnapshotsTest {

    private static final String PASSWORD = "snap-pw-Qv93";

    @TempDir
    Path dir;

    /** In a home of the test's own, so that its snapshots go with it; the template is the usual one. */
    private MariaDbSnapshots snapshots;

    @BeforeEach
    void snapshotsOfTheMachinesServer() {
        snapshots = new MariaDbSnapshots(MariaDbBinaries.locate(MariaDbBinaries.Choice.SYSTEM),
                MariaDbEngine.DEFAULT_START_TIMEOUT, List.of(), dir.resolve("home"));
    }

    /** A seed of {@code rows} rows in table t, unlike any other (it carries a random comment). */
    private Path seed(String name, int rows) throws IOException {
        StringBuilder sql = new StringBuilder("-- ").append(UUID.randomUUID()).append('\n')
                .append("CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL) ENGINE=InnoDB;\n");
        for (int i = 1; i <= rows; i++) {
            sql.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(",0)");
        }
        Path seed = dir.resolve(name);
        Files.writeString(seed, sql.append(";\n"));
        return seed;
    }

    private static RunDatabase run(String database) {
        return new RunDatabase(database, "snap_user", PASSWORD);
    }

    /** Starts a seeded server, closes it after {@code use}, and returns what it noted. */
    private List<String> startAndUse(Path seed, String database, String work, ServerUse use) throws Exception {
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        try (MariaDbServer server = snapshots.startPrivate(dir.resolve(work), seed, run(database), notes::add)) {
            use.accept(server);
        }
        return notes;
    }

    @FunctionalInterface
    private interface ServerUse {
        void accept(MariaDbServer server) throws Exception;
    }

    private static long rowsAsRunUser(MariaDbServer server, String database) throws SQLException {
        try (Connection c = server.connectAs(server.admin().withUser("snap_user", PASSWORD), database);
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldMakeASnapshotOnFirstUseAndStartTheNextServerFromACopyWithoutRestoring() throws Exception {
        Path seed = seed("seed.sql", 500);

        List<String> first = startAndUse(seed, "shop", "first", server -> {
            assertThat(rowsAsRunUser(server, "shop")).isEqualTo(500);
            try (Connection c = server.connect("shop"); Statement st = c.createStatement()) {
                st.execute("DELETE FROM t WHERE id > 10");
            }
        });
        List<String> second = startAndUse(seed, "shop", "second",
                server -> assertThat(rowsAsRunUser(server, "shop")).as("a copy of the snapshot, not of the first run").isEqualTo(500));

        assertThat(first).anyMatch(n -> n.startsWith("No snapshot ")).anyMatch(n -> n.startsWith("Restoring the seed seed.sql"))
                .anyMatch(n -> n.startsWith("Made snapshot "));
        assertThat(second).noneMatch(n -> n.startsWith("Restoring")).noneMatch(n -> n.startsWith("Made"))
                .anyMatch(n -> n.matches("Reset from snapshot [0-9a-f]{10} \\(copied [0-9,]+ MB in [0-9.]+ s, .*"));
        assertThat(snapshots.find(seed, "shop")).as("the snapshot still matches its manifest").isPresent();
    }

    @Test
    void shouldMakeANewSnapshotForAChangedSeedAndDropTheOldOne() throws Exception {
        Path seed = seed("seed.sql", 20);
        startAndUse(seed, "shop", "first", server -> { });
        SnapshotStore.Snapshot old = snapshots.find(seed, "shop").orElseThrow();

        Files.writeString(seed, "CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL);\nINSERT INTO t VALUES (1,0);\n"
                + "-- " + UUID.randomUUID() + "\n");
        List<String> notes = startAndUse(seed, "shop", "changed", server -> assertThat(rowsAsRunUser(server, "shop")).isEqualTo(1));

        assertThat(notes).anyMatch(n -> n.startsWith("No snapshot ")).anyMatch(n -> n.startsWith("Made snapshot "))
                .anyMatch(n -> n.startsWith("Removed snapshot " + old.key().shortId()));
        assertThat(old.folder()).doesNotExist();
        assertThat(snapshots.find(seed, "shop")).get().extracting(s -> s.key().id()).isNotEqualTo(old.key().id());
    }

    @Test
    void shouldKeepOneSnapshotPerDatabaseName() throws Exception {
        Path seed = seed("seed.sql", 20);
        startAndUse(seed, "shop", "first", server -> { });

        List<String> notes = startAndUse(seed, "shop_two", "other", server -> assertThat(rowsAsRunUser(server, "shop_two")).isEqualTo(20));

        assertThat(notes).anyMatch(n -> n.startsWith("Made snapshot "));
        assertThat(snapshots.find(seed, "shop")).isPresent();
        assertThat(snapshots.find(seed, "shop_two")).isPresent();
    }

    @Test
    void shouldFindAChangedByteRemoveTheSnapshotAndMakeItAgain() throws Exception {
        Path seed = seed("seed.sql", 300);
        startAndUse(seed, "shop", "first", server -> { });
        SnapshotStore.Snapshot snapshot = snapshots.find(seed, "shop").orElseThrow();
        Path table = snapshot.dataDir().resolve("shop/t.ibd");
        long size = Files.size(table);
        table.toFile().setWritable(true);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.seek(size / 2);
            int b = file.read();
            file.seek(size / 2);
            file.write(b ^ 0x01);
        }
        assertThat(Files.size(table)).isEqualTo(size);

        List<String> notes = startAndUse(seed, "shop", "again", server -> assertThat(rowsAsRunUser(server, "shop")).isEqualTo(300));

        assertThat(notes).anyMatch(n -> n.startsWith("Snapshot " + snapshot.key().shortId() + " is damaged (shop/t.ibd does not hold")
                        && n.endsWith("removed it; making it again from the seed"))
                .anyMatch(n -> n.startsWith("Restoring the seed")).anyMatch(n -> n.startsWith("Made snapshot "));
        assertThat(snapshots.find(seed, "shop")).isPresent();
    }

    @Test
    void shouldRemakeASnapshotThatWasLeftIncompleteOrLostAFile() throws Exception {
        Path seed = seed("seed.sql", 20);
        startAndUse(seed, "shop", "first", server -> { });
        SnapshotStore.Snapshot snapshot = snapshots.find(seed, "shop").orElseThrow();
        Files.delete(snapshot.folder().resolve("complete"));

        List<String> incomplete = startAndUse(seed, "shop", "incomplete", server -> { });
        Files.delete(snapshots.find(seed, "shop").orElseThrow().dataDir().resolve("shop/t.ibd"));
        List<String> lost = startAndUse(seed, "shop", "lost", server -> assertThat(rowsAsRunUser(server, "shop")).isEqualTo(20));

        assertThat(incomplete).anyMatch(n -> n.contains("was left incomplete (it has no completion mark): removed it"))
                .anyMatch(n -> n.startsWith("Made snapshot "));
        assertThat(lost).anyMatch(n -> n.contains("is damaged (shop/t.ibd is missing)")).anyMatch(n -> n.startsWith("Made snapshot "));
    }

    @Test
    void shouldLetTwoServersOfANewSeedStartAtOnceWithOneMakingTheSnapshot() throws Exception {
        Path seed = seed("seed.sql", 2000);

        List<CompletableFuture<List<String>>> starts = new ArrayList<>();
        for (String work : List.of("one", "two")) {
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return startAndUse(seed, "shop", work, server -> {
                        assertThat(rowsAsRunUser(server, "shop")).isEqualTo(2000);
                        try (Connection c = server.connect("shop"); Statement st = c.createStatement()) {
                            st.execute("UPDATE t SET x = x + 1");
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> one = starts.get(0).get(3, TimeUnit.MINUTES);
        List<String> two = starts.get(1).get(3, TimeUnit.MINUTES);

        List<String> all = new ArrayList<>(one);
        all.addAll(two);
        assertThat(all).filteredOn(n -> n.startsWith("Made snapshot ")).hasSize(1);
        assertThat(all).filteredOn(n -> n.startsWith("Reset from snapshot ")).hasSize(1);
        assertThat(snapshots.find(seed, "shop")).isPresent();
    }

    @Test
    void shouldKeepNoSecretOfTheRunThatMadeTheSnapshot() throws Exception {
        Path seed = seed("seed.sql", 20);
        List<String> adminPasswords = new ArrayList<>();

        startAndUse(seed, "shop", "first", server -> adminPasswords.add(server.admin().password()));
        startAndUse(seed, "shop", "second", server -> adminPasswords.add(server.admin().password()));

        assertThat(adminPasswords).doesNotContain("").doesNotHaveDuplicates();
        List<byte[]> secrets = new ArrayList<>();
        for (String password : List.of(PASSWORD, adminPasswords.get(0), adminPasswords.get(1))) {
            secrets.add(password.getBytes(StandardCharsets.UTF_8));
            secrets.add(nativePasswordHash(password).getBytes(StandardCharsets.US_ASCII));
        }
        secrets.add("snap_user".getBytes(StandardCharsets.US_ASCII));
        Path folder = snapshots.find(seed, "shop").orElseThrow().folder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (byte[] secret : secrets) {
                    assertThat(indexOf(bytes, secret)).as(file + " holds " + new String(secret, StandardCharsets.UTF_8)).isNegative();
                }
            }
        }
    }

    @Test
    void shouldPrepareASnapshotAheadAndSayItIsThereTheSecondTime() throws Exception {
        Path seed = seed("seed.sql", 50);
        List<Long> rows = new ArrayList<>();
        SeedListener listener = new SeedListener() {
            @Override
            public void note(String text) {
            }

            @Override
            public void restored(SeedRestorer.Progress done, long inserted) {
                rows.add(inserted);
            }
        };

        SnapshotStore.Use made = snapshots.prepare(seed, "shop", listener);
        SnapshotStore.Use found = snapshots.prepare(seed, "shop", listener);
        List<String> notes = startAndUse(seed, "shop", "run", server -> assertThat(rowsAsRunUser(server, "shop")).isEqualTo(50));

        assertThat(made.made()).isTrue();
        assertThat(found.made()).isFalse();
        assertThat(found.snapshot().folder()).isEqualTo(made.snapshot().folder()).isDirectory();
        assertThat(rows).singleElement().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(50L));
        assertThat(notes).anyMatch(n -> n.startsWith("Reset from snapshot "));
        assertThat(made.snapshot().folder().resolve("server")).doesNotExist();
    }

    /** MariaDB's mysql_native_password hash: {@code *} and SHA1(SHA1(password)) in upper-case hex. */
    private static String nativePasswordHash(String password) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        return "*" + HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(once));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
