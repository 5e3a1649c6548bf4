package io.realdb.engine.db.snapshot;

import io.realdb.engine.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of seed files, kept in a folder so that a seed of several hundred megabytes is not
 * read again at every run. A kept checksum is used only while the file is still the one it was
 * taken of: the same path, device, inode, size, modification time and change time (the kernel
 * sets the change time at every write and rename, and nobody can set it back, so a seed
 * rewritten with its old modification time is read again too). Each seed has a file of its own,
 * written whole or not at all.
 */
public final class SeedChecksums {

    private final Path folder;

    /** @param folder where the checksums are kept; made when first needed */
    public SeedChecksums(Path folder) {
        this.folder = folder;
    }

    /**
     * The seed's SHA-256, from the kept one when the file has not changed since, else read now
     * and kept.
     *
     * @throws BadInputException when the seed cannot be read
     */
    public String sha256(Path seed) {
        Path file = seed.toAbsolutePath().normalize();
        try {
            Optional<String> identity = identity(file);
            Path kept = folder.resolve(SnapshotKey.sha256(file.toString().getBytes(StandardCharsets.UTF_8))
                    .substring(0, 32) + ".sha256");
            if (identity.isPresent() && Files.isRegularFile(kept)) {
                List<String> lines = Files.readAllLines(kept, StandardCharsets.UTF_8);
                if (lines.size() == 2 && lines.get(1).equals(identity.get()) && lines.get(0).matches("[0-9a-f]{64}")) {
                    return lines.get(0);
                }
            }
            String sum = read(file);
            if (identity.isPresent() && identity(file).equals(identity)) {
                Files.createDirectories(folder);
                SnapshotStore.writeAtomically(kept, sum + "\n" + identity.get() + "\n");
            }
            return sum;
        } catch (IOException e) {
            throw new BadInputException("cannot read seed file '" + seed + "': " + e.getMessage(), e);
        }
    }

    /** Everything that changes when the file does; empty where the file system does not tell. */
    private static Optional<String> identity(Path file) throws IOException {
        try {
            Object device = Files.getAttribute(file, "unix:dev");
            Object inode = Files.getAttribute(file, "unix:ino");
            FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime");
            return Optional.of(String.join(" ", file.toString(), String.valueOf(device), String.valueOf(inode),
                    Long.toString(Files.size(file)), Long.toString(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS)),
                    Long.toString(changed.to(TimeUnit.NANOSECONDS))));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
