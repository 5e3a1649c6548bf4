package io.realdb.engine.db;

import io.realdb.engine.db.snapshot.SnapshotStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An initialised, empty data directory kept in realdb's home for each server binary, so that a
 * private server starts from a copy of it instead of running {@code mariadb-install-db} (about
 * 2 s) every time. The template is made once, in a folder of its own that is renamed into place
 * when complete, so concurrent runs never see half of one; it is only ever copied, never used.
 */
final class DataDirTemplate {

    /** Bumped when what a template holds changes, so that old ones are not used. */
    private static final String FORMAT = "1";
    private static final String COMPLETE = "realdb-template-complete";

    @FunctionalInterface
    interface Installer {
        void install(Path dataDir) throws IOException;
    }

    private DataDirTemplate() {
    }

    /** Fills {@code dataDir} with a copy of the template for these binaries, made first when missing. */
    static void copyInto(MariaDbBinaries binaries, Path root, Path dataDir, Installer installer) throws IOException {
        Path template = root.resolve("mariadb-templates").resolve(key(binaries));
        if (!Files.isRegularFile(template.resolve(COMPLETE))) {
            make(template, installer);
        }
        // cp -a --reflink=auto: a clone where the file system has them, a plain copy otherwise.
        SnapshotStore.copy(template.resolve("data"), dataDir);
    }

    private static void make(Path template, Installer installer) throws IOException {
        Files.createDirectories(template.getParent());
        Path stage = template.resolveSibling(".stage-" + UUID.randomUUID());
        try {
            installer.install(stage.resolve("data"));
            Files.writeString(stage.resolve(COMPLETE), FORMAT + "\n");
            try {
                Files.move(stage, template, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another run made it meanwhile, or an incomplete one is in the way.
                if (!Files.isRegularFile(template.resolve(COMPLETE))) {
                    MariaDbBinaries.deleteRecursively(template);
                    Files.move(stage, template, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            MariaDbBinaries.deleteQuietly(stage);
        }
    }

    /** The binaries as they are on disk (path, size, time), and whether the server runs as root. */
    static String key(MariaDbBinaries binaries) throws IOException {
        StringBuilder text = new StringBuilder(FORMAT);
        for (Path program : new Path[] {binaries.server(), binaries.installDb()}) {
            text.append('|').append(program.toAbsolutePath()).append('|').append(Files.size(program))
                    .append('|').append(Files.getLastModifiedTime(program).toMillis());
        }
        text.append('|').append(PrivateMariaDb.runningAsRoot());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
