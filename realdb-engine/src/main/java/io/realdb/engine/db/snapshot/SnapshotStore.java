package io.realdb.engine.db.snapshot;

import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Snapshots of seeded data directories, one folder per {@link SnapshotKey} under a root such as
 * {@code <realdb home>/snapshots/mariadb}:
 *
 * <pre>
 * &lt;id&gt;/data/           the data directory of a server stopped cleanly, its files read-only
 * &lt;id&gt;/manifest.json   the key's fields, and every file's size and CRC32C
 * &lt;id&gt;/complete        the manifest's SHA-256, written last
 * &lt;id&gt;.lock            the key's lock file, kept
 * </pre>
 *
 * A snapshot is made in {@code <id>.stage} and renamed into place when complete, so that nobody
 * ever sees half of one. It is never used in place, only copied, and it is checked against its
 * manifest before every use; one that fails the check, or a folder without its completion mark,
 * is removed and made again. A key's lock file serialises the work on it between processes:
 * shared while a snapshot is checked and copied, exclusive while one is removed or made, so
 * that a second run of the same seed waits for the first to make it and then copies it.
 * Nothing here knows a database engine: the engine's {@link Maker} fills the data directory.
 */
public final class SnapshotStore {

    static final String DATA = "data";
    static final String MANIFEST = "manifest.json";
    static final String COMPLETE = "complete";
    private static final String STAGE = ".stage";
    private static final String REMOVING = ".removing-";
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    /** A JVM holds a file lock for all its threads; this makes its threads take turns too. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    /** @param root the folder of one engine's snapshots; made when first needed */
    public SnapshotStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Makes a snapshot's data directory. */
    @FunctionalInterface
    public interface Maker {
        /**
         * Fills {@code dataDir}, which does not exist yet, with the data directory of a server that
         * was stopped cleanly after the seed was restored into it.
         *
         * @return the server's version string, for the manifest
         */
        String make(Path dataDir) throws IOException;
    }

    /** A complete snapshot that matched its manifest. */
    public record Snapshot(Path folder, SnapshotKey key, Manifest manifest) {
        public Path dataDir() {
            return folder.resolve(DATA);
        }
    }

    /**
     * How a snapshot was had.
     *
     * @param made    whether it was made now (then nothing was copied)
     * @param checked how long checking it against its manifest took (making the manifest, when made)
     * @param copied  how long copying it took; zero when it was not copied
     */
    public record Use(Snapshot snapshot, boolean made, Duration checked, Duration copied) {
    }

    /**
     * The snapshot of {@code key}, checked against its manifest, then copied to {@code copyTo}
     * when that is given. Without a sound one, a broken one is removed and {@code maker} makes
     * the snapshot; {@code copyTo} is then left alone, since the maker worked from its caller's
     * own data directory. Tells {@code notes} what it did, for the run's log.
     *
     * @param seedFile the seed's path, recorded in the manifest; snapshots made earlier from other
     *                 contents of the same file are removed once the new one is made
     * @throws InfrastructureException when the files cannot be read, written or copied
     */
    public Use obtain(SnapshotKey key, Path seedFile, Path copyTo, Maker maker, Consumer<String> notes) {
        String id = key.id();
        Path folder = root.resolve(id);
        try {
            Files.createDirectories(root);
            try (Held ignored = hold(id, false, notes)) {
                Checked checked = check(folder, key, copyTo);
                if (checked.snapshot() != null) {
                    return use(checked, copyTo, notes);
                }
            }
            try (Held ignored = hold(id, true, notes)) {
                // Another run may have made it, or removed a broken one, while this one waited.
                Checked checked = check(folder, key, copyTo);
                if (checked.snapshot() != null) {
                    return use(checked, copyTo, notes);
                }
                if (checked.problem() != null) {
                    remove(folder);
                    notes.accept("Snapshot " + key.shortId() + " " + checked.problem() + ": removed it; making it again from the seed");
                } else {
                    notes.accept("No snapshot " + key.shortId() + " of this seed and server yet: making it from the seed");
                }
                Use made = make(key, folder, seedFile.toAbsolutePath().normalize(), maker, notes);
                removeSuperseded(made.snapshot().manifest(), notes);
                return made;
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot use the snapshot folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The snapshot of {@code key} when there is one and it matches its manifest; nothing is
     * removed or made.
     */
    public Optional<Snapshot> find(SnapshotKey key) {
        try {
            Files.createDirectories(root);
            try (Held ignored = hold(key.id(), false, line -> { })) {
                return Optional.ofNullable(check(root.resolve(key.id()), key, null).snapshot());
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the snapshot folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * A snapshot that matched its manifest, or what is wrong with the folder (both null when there
     * is none), and how long checking and copying took.
     */
    private record Checked(Snapshot snapshot, String problem, Duration took, Duration copied) {
    }

    /**
     * Checks the snapshot in {@code folder} against its manifest, and copies it to {@code copyTo}
     * meanwhile when that is given: both read the same files, so that the copy costs little more
     * than the check, and the copy is used only when the check passed, or removed.
     */
    private static Checked check(Path folder, SnapshotKey key, Path copyTo) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return new Checked(null, null, Duration.ZERO, Duration.ZERO);
        }
        Path complete = folder.resolve(COMPLETE);
        if (!Files.isRegularFile(complete, LinkOption.NOFOLLOW_LINKS)) {
            return new Checked(null, "was left incomplete (it has no completion mark)", Duration.ZERO, Duration.ZERO);
        }
        long start = System.nanoTime();
        Copy copy = copyTo == null ? null : Copy.start(folder.resolve(DATA), copyTo);
        Snapshot snapshot = null;
        String problem;
        try {
            byte[] manifestBytes = Files.readAllBytes(folder.resolve(MANIFEST));
            if (!Files.readString(complete, StandardCharsets.UTF_8).strip().equals(SnapshotKey.sha256(manifestBytes))) {
                problem = "is damaged (its manifest is not the one it was completed with)";
            } else {
                Manifest manifest = Manifest.read(folder.resolve(MANIFEST));
                if (!manifest.isFor(key)) {
                    problem = "is damaged (its manifest is for another key)";
                } else {
                    problem = manifest.difference(folder.resolve(DATA)).map(d -> "is damaged (" + d + ")").orElse(null);
                    snapshot = problem == null ? new Snapshot(folder, key, manifest) : null;
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = "is damaged (" + e.getMessage() + ")";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (copy == null) {
            return new Checked(snapshot, problem, took, Duration.ZERO);
        }
        if (snapshot == null) {
            copy.abandon();
            return new Checked(null, problem, took, Duration.ZERO);
        }
        copy.finish();
        return new Checked(snapshot, null, took, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Use use(Checked checked, Path copyTo, Consumer<String> notes) {
        Snapshot snapshot = checked.snapshot();
        if (copyTo != null) {
            notes.accept(String.format(Locale.ROOT, "Reset from snapshot %s (copied %s in %.2f s, checked against its "
                            + "manifest meanwhile in %.2f s)", snapshot.key().shortId(), megabytes(snapshot.manifest().bytes()),
                    checked.copied().toNanos() / 1e9, checked.took().toNanos() / 1e9));
        }
        return new Use(snapshot, false, checked.took(), checked.copied());
    }

    private Use make(SnapshotKey key, Path folder, Path seedFile, Maker maker, Consumer<String> notes) throws IOException {
        Path stage = root.resolve(key.id() + STAGE);
        // Under the exclusive lock no one else works on this key: what is there was left by a run that died.
        removeTree(stage);
        removeLeftoverRemovals(key.id());
        Files.createDirectories(stage);
        try {
            String serverVersion = maker.make(stage.resolve(DATA));
            long start = System.nanoTime();
            Manifest manifest = Manifest.of(key, seedFile.toString(), serverVersion, stage.resolve(DATA));
            manifest.write(stage.resolve(MANIFEST));
            Duration checksums = Duration.ofNanos(System.nanoTime() - start);
            makeReadOnly(stage);
            writeAtomically(stage.resolve(COMPLETE), SnapshotKey.sha256(Files.readAllBytes(stage.resolve(MANIFEST))) + "\n");
            makeReadOnly(stage.resolve(COMPLETE));
            Files.move(stage, folder, StandardCopyOption.ATOMIC_MOVE);
            notes.accept(String.format(Locale.ROOT, "Made snapshot %s (%s in %d files, checksums in %.2f s): %s",
                    key.shortId(), megabytes(manifest.bytes()), manifest.files().size(), checksums.toNanos() / 1e9, folder));
            return new Use(new Snapshot(folder, key, manifest), true, checksums, Duration.ZERO);
        } finally {
            removeTree(stage);
        }
    }

    /**
     * Snapshots made from earlier contents of the same seed file, for the same server and
     * database, can no longer be had from that file: they only fill the disk. One that another
     * process is copying right now is left for later.
     */
    private void removeSuperseded(Manifest made, Consumer<String> notes) throws IOException {
        try (Stream<Path> folders = Files.list(root)) {
            for (Path other : (Iterable<Path>) folders::iterator) {
                String name = other.getFileName().toString();
                if (!name.matches("[0-9a-f]+") || name.equals(made.key()) || !Files.isRegularFile(other.resolve(COMPLETE))) {
                    continue;
                }
                Manifest manifest;
                try {
                    manifest = Manifest.read(other.resolve(MANIFEST));
                } catch (IOException e) {
                    continue;
                }
                if (manifest.seedFile().equals(made.seedFile()) && !manifest.seedSha256().equals(made.seedSha256())
                        && manifest.engine().equals(made.engine()) && manifest.server().equals(made.server())
                        && manifest.database().equals(made.database())) {
                    try (Held held = tryHold(name)) {
                        if (held != null) {
                            remove(other);
                            notes.accept("Removed snapshot " + name.substring(0, Math.min(10, name.length()))
                                    + ", made from an earlier content of " + made.seedFile());
                        }
                    }
                }
            }
        }
    }

    /** Renamed away first, so that a removal cut short never looks like a snapshot. */
    private void remove(Path folder) throws IOException {
        Path away = root.resolve(folder.getFileName() + REMOVING + UUID.randomUUID());
        Files.move(folder, away, StandardCopyOption.ATOMIC_MOVE);
        removeTree(away);
    }

    private void removeLeftoverRemovals(String id) throws IOException {
        try (Stream<Path> folders = Files.list(root)) {
            for (Path other : (Iterable<Path>) folders::iterator) {
                if (other.getFileName().toString().startsWith(id + REMOVING)) {
                    removeTree(other);
                }
            }
        }
    }

    /** {@code cp -a --reflink=auto}: a clone where the file system has them, a plain copy otherwise. */
    public static void copy(Path from, Path to) throws IOException {
        Copy.start(from, to).finish();
    }

    /** A copy of a folder by {@code cp}, running while its caller goes on. */
    private static final class Copy {
        private final Process cp;
        private final Path from;
        private final Path to;

        private Copy(Process cp, Path from, Path to) {
            this.cp = cp;
            this.from = from;
            this.to = to;
        }

        static Copy start(Path from, Path to) throws IOException {
            Files.createDirectories(to.toAbsolutePath().getParent());
            removeTree(to);
            Process cp = new ProcessBuilder("cp", "-a", "--reflink=auto", from.toString(), to.toString())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new Copy(cp, from, to);
        }

        /** Waits for it; a copy's files are the server's to write again. */
        void finish() throws IOException {
            String output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            try {
                if (cp.waitFor() != 0) {
                    removeTree(to);
                    throw new IOException("cannot copy " + from + " to " + to + ": " + output);
                }
            } catch (InterruptedException e) {
                abandon();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while copying " + from, e);
            }
            makeWritable(to);
        }

        void abandon() throws IOException {
            cp.destroyForcibly();
            try {
                cp.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            removeTree(to);
        }
    }

    /** Removes a folder, its read-only files too. */
    public static void removeTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    // Folders stay writable in a snapshot, but a stage may have been left otherwise.
                    p.toFile().setWritable(true, true);
                }
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Files lose their write permissions, so that nothing opens them for writing by mistake (a
     * server started on the snapshot itself fails at once). Folders stay writable, so that the
     * owner can remove a snapshot with {@code rm -rf}. The manifest still finds what root, whom
     * permissions do not stop, changed.
     */
    private static void makeReadOnly(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    permissions.removeAll(WRITE);
                    Files.setPosixFilePermissions(p, permissions);
                }
            }
        }
    }

    /** A copy's files are a server's to write again. */
    private static void makeWritable(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    if (permissions.add(PosixFilePermission.OWNER_WRITE)) {
                        Files.setPosixFilePermissions(p, permissions);
                    }
                }
            }
        }
    }

    /** Writes the file whole or not at all. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }

    /** A key's lock, held by this thread and this process. */
    private static final class Held implements AutoCloseable {
        private final ReentrantLock inProcess;
        private final FileChannel channel;
        private final FileLock lock;

        Held(ReentrantLock inProcess, FileChannel channel, FileLock lock) {
            this.inProcess = inProcess;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                inProcess.unlock();
            }
        }
    }

    private Held hold(String id, boolean exclusive, Consumer<String> notes) throws IOException {
        Path file = root.resolve(id + ".lock");
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        boolean told = false;
        if (!inProcess.tryLock()) {
            notes.accept(waiting(id));
            told = true;
            try {
                inProcess.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock " + file, e);
            }
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, !exclusive);
            if (lock == null) {
                if (!told) {
                    notes.accept(waiting(id));
                }
                lock = channel.lock(0, Long.MAX_VALUE, !exclusive);
            }
            return new Held(inProcess, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            inProcess.unlock();
            throw e;
        }
    }

    /** The key's exclusive lock when nobody holds it, else null. */
    private Held tryHold(String id) throws IOException {
        Path file = root.resolve(id + ".lock");
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        if (!inProcess.tryLock()) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(inProcess, channel, lock);
            }
        } catch (IOException | RuntimeException e) {
            // Taken as busy: the snapshot stays.
        }
        if (channel != null) {
            channel.close();
        }
        inProcess.unlock();
        return null;
    }

    private static String waiting(String id) {
        return "Waiting for another run that is using or making snapshot " + id.substring(0, 10);
    }
}
