package io.realdb.engine.project;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bare repository that keeps what runs fetched of one project, so that a run fetches only what
 * changed since the last one and copies the rest from disk.
 *
 * <p>Runs take turns on a mirror: a lock file beside it, locked with {@link FileChannel#lock()}
 * against other processes and with a lock in memory against other threads, which the file lock
 * does not keep out. A mirror is made in a folder of its own and renamed into place once its
 * first fetch is complete, with a file naming its source written last: a folder without that
 * file is half made and is made again.
 *
 * <p>A working copy gets copies of the mirror's object files, never links or alternates, so that
 * nothing a migration does to its working copy reaches the mirror.
 */
final class ProjectMirror {

    /** The mirrors' folder in realdb's home. */
    static final String FOLDER = "mirrors";
    /** Names the mirror's source for people; written last, so that it also marks a complete mirror. */
    static final String SOURCE_FILE = "realdb-source";
    /** More packs than this (a fetch adds one) and the mirror is repacked before it is copied. */
    static final int MAX_PACKS = 30;

    private static final String STAGE = ".stage-";
    private static final Pattern OBJECT_FILE =
            Pattern.compile("pack/pack-[0-9a-f]+\\.(pack|idx|bitmap|rev)|[0-9a-f]{2}/[0-9a-f]{38}");
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** Fills a new mirror with its first fetch. */
    @FunctionalInterface
    interface Filler {
        void fill(Repository mirror) throws IOException;
    }

    private final Path dir;
    private final Path lockFile;
    private final String sourceName;

    private ProjectMirror(Path dir, String sourceName) {
        this.dir = dir.toAbsolutePath().normalize();
        this.lockFile = this.dir.resolveSibling(this.dir.getFileName() + ".lock");
        this.sourceName = sourceName;
    }

    /** The mirror of {@code source} in realdb's home: {@code home/mirrors/<key>}. */
    static ProjectMirror shared(Path home, ProjectSource source) {
        return new ProjectMirror(home.resolve(FOLDER).resolve(source.mirrorKey()), source.mirrorName());
    }

    /** A mirror in {@code dir}, with its lock file beside it. */
    static ProjectMirror at(Path dir, ProjectSource source) {
        return new ProjectMirror(dir, source.mirrorName());
    }

    Path dir() {
        return dir;
    }

    /**
     * How long a run waits for another run (of this or another process) to finish with the mirror:
     * a first fetch of a very large project takes minutes; a holder that is stuck is infrastructure.
     */
    static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(30);

    private io.realdb.engine.InfrastructureException lockTimeout() {
        return new io.realdb.engine.InfrastructureException("another realdb run has held the project mirror " + dir
                + " for more than " + LOCK_WAIT.toMinutes() + " min (its lock file is " + lockFile + ")");
    }

    /**
     * The mirror, this caller's alone until the session is closed; made first, with
     * {@code filler} for its first fetch, when it is missing or half made.
     */
    Session open(Filler filler) throws IOException {
        Files.createDirectories(dir.getParent());
        // One lock in memory for each lock file, however the path to it is spelled.
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(dir.getParent().toRealPath().resolve(lockFile.getFileName()),
                file -> new ReentrantLock());
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        try {
            if (!inProcess.tryLock(LOCK_WAIT.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw lockTimeout();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.realdb.engine.InfrastructureException("interrupted while waiting for the project mirror " + dir, e);
        }
        FileChannel channel = null;
        Repository repository = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (channel.tryLock() == null) {
                if (System.nanoTime() > deadline) {
                    throw lockTimeout();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.realdb.engine.InfrastructureException("interrupted while waiting for the project mirror "
                            + dir, e);
                }
            }
            // Holding the lock, any stage or git lock file of this mirror is a killed run's.
            removeStages();
            boolean created = !isComplete();
            if (created) {
                make(filler);
            } else {
                removeLeftovers();
            }
            repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            return new Session(repository, created, channel, inProcess);
        } catch (IOException | RuntimeException | Error e) {
            if (repository != null) {
                repository.close();
            }
            closeQuietly(channel);
            inProcess.unlock();
            throw e;
        }
    }

    private boolean isComplete() {
        return Files.isRegularFile(dir.resolve(SOURCE_FILE)) && Files.isDirectory(dir.resolve("objects"));
    }

    private void make(Filler filler) throws IOException {
        delete(dir);
        Path stage = dir.resolveSibling(dir.getFileName() + STAGE + UUID.randomUUID());
        try {
            try (Repository repository = FileRepositoryBuilder.create(stage.toFile())) {
                repository.create(true);
                filler.fill(repository);
            }
            Files.writeString(stage.resolve(SOURCE_FILE), sourceName + "\n");
            Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            delete(stage);
        }
    }

    private void removeStages() throws IOException {
        String prefix = dir.getFileName() + STAGE;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir.getParent(),
                sibling -> sibling.getFileName().toString().startsWith(prefix))) {
            for (Path stage : siblings) {
                delete(stage);
            }
        }
    }

    /**
     * What a git command killed in the mirror leaves: lock files, which would refuse the next
     * update of their ref, and the temporary files of a pack being received or repacked.
     */
    private void removeLeftovers() throws IOException {
        Path objects = dir.resolve("objects");
        for (Path file : filesUnder(dir)) {
            String name = file.getFileName().toString();
            // No ref name may end in .lock; a branch may end in _tmp, a pack may not.
            if (name.endsWith(".lock")
                    || file.startsWith(objects) && (name.startsWith("incoming_") || name.endsWith("_tmp"))) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The regular files under {@code root}, but for any that went while they were listed. */
    private static List<Path> filesUnder(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files;
    }

    /** Removes the mirror and its lock file: for a mirror that belongs to one checkout. */
    void remove() throws IOException {
        delete(dir);
        Files.deleteIfExists(lockFile);
    }

    private static void delete(Path path) throws IOException {
        FileUtils.delete(path.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The lock goes with the file descriptor, which is closed even when close reports trouble.
        }
    }

    /** The locked mirror. */
    final class Session implements AutoCloseable {

        private final Repository repository;
        private final boolean created;
        private final FileChannel channel;
        private final ReentrantLock inProcess;

        private Session(Repository repository, boolean created, FileChannel channel, ReentrantLock inProcess) {
            this.repository = repository;
            this.created = created;
            this.channel = channel;
            this.inProcess = inProcess;
        }

        Repository repository() {
            return repository;
        }

        /** Whether this session made the mirror. */
        boolean created() {
            return created;
        }

        /** Repacks a mirror that many fetches left in many packs, which every copy and lookup would go through. */
        void repackWhenScattered() throws IOException {
            long packs;
            try (Stream<Path> files = Files.list(dir.resolve("objects").resolve("pack"))) {
                packs = files.filter(file -> file.getFileName().toString().endsWith(".pack")).count();
            }
            if (packs <= MAX_PACKS) {
                return;
            }
            // Old packs are kept an hour by default for readers that still use them; no one else
            // reads a locked mirror, and working copies have their own copies.
            repository.getConfig().setString("gc", null, "prunePackExpire", "now");
            try {
                Git.wrap(repository).gc().call();
            } catch (GitAPIException e) {
                throw new IOException("cannot repack the mirror " + dir + ": " + e.getMessage(), e);
            }
        }

        /**
         * Copies the mirror's object files that {@code gitDir} lacks into it. Pack files never
         * change once written, so one of the same name is the same file.
         *
         * @return how many files were copied
         */
        int copyObjectsInto(Path gitDir) throws IOException {
            Path from = dir.resolve("objects");
            Path to = gitDir.resolve("objects");
            int copied = 0;
            for (Path file : filesUnder(from)) {
                String relative = from.relativize(file).toString();
                Path target = to.resolve(relative);
                if (OBJECT_FILE.matcher(relative).matches() && !Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                    copied++;
                }
            }
            return copied;
        }

        @Override
        public void close() {
            repository.close();
            closeQuietly(channel);
            inProcess.unlock();
        }
    }
}
