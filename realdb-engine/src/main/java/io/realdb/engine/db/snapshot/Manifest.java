package io.realdb.engine.db.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * What a snapshot holds: its key's fields, and every file of its data directory with its size and
 * CRC32C. CRC32C is what the check reads at every use: the JVM computes it with the processor's
 * own instruction, so checking costs little more than reading the files, while a changed byte,
 * a truncated or a missing file, or one too many, is still found.
 *
 * @param seedFile      the seed's path when the snapshot was made, for people
 * @param serverVersion the server's own version string, for people
 * @param made          when it was made (UTC, ISO-8601)
 */
public record Manifest(int format, String key, String engine, String server, String seedSha256, String database,
                       String seedFile, String serverVersion, String made, List<Entry> files) {

    /** One file of the data directory, by its path under it ({@code /} between names). */
    public record Entry(String path, long size, String crc32c) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Files are read mapped, which here checks twice as fast as reading them into a buffer. */
    private static final long MAP_BYTES = 1L << 28;

    public Manifest {
        files = List.copyOf(files);
    }

    /** Reads every file under {@code dataDir} for the manifest of a snapshot of {@code key}. */
    static Manifest of(SnapshotKey key, String seedFile, String serverVersion, Path dataDir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Path> file : files(dataDir).entrySet()) {
            entries.add(new Entry(file.getKey(), Files.size(file.getValue()), crc32c(file.getValue())));
        }
        return new Manifest(SnapshotKey.FORMAT, key.id(), key.engine(), key.server(), key.seedSha256(), key.database(),
                seedFile, serverVersion, java.time.Instant.now().toString(), entries);
    }

    /** The sum of the files' sizes. */
    public long bytes() {
        return files.stream().mapToLong(Entry::size).sum();
    }

    /** Whether the manifest was made for this key, field by field. */
    boolean isFor(SnapshotKey other) {
        return format == SnapshotKey.FORMAT && other.id().equals(key) && other.engine().equals(engine)
                && other.server().equals(server) && other.seedSha256().equals(seedSha256)
                && other.database().equals(database);
    }

    /**
     * Compares {@code dataDir} with the manifest: the same files, nothing more, each of its size,
     * then each with its checksum. Sizes are compared first, so that a truncated file is found
     * without reading anything.
     *
     * @return the first difference, for people; empty when everything matches
     */
    Optional<String> difference(Path dataDir) throws IOException {
        Map<String, Path> present = files(dataDir);
        for (Entry entry : files) {
            Path file = present.remove(entry.path());
            if (file == null) {
                return Optional.of(entry.path() + " is missing");
            }
            long size = Files.size(file);
            if (size != entry.size()) {
                return Optional.of(entry.path() + " has " + size + " bytes, not " + entry.size());
            }
        }
        if (!present.isEmpty()) {
            return Optional.of(present.keySet().iterator().next() + " is not in the manifest");
        }
        for (Entry entry : files) {
            if (!crc32c(dataDir.resolve(entry.path())).equals(entry.crc32c())) {
                return Optional.of(entry.path() + " does not hold what it held when the snapshot was made (CRC32C)");
            }
        }
        return Optional.empty();
    }

    void write(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), this);
    }

    static Manifest read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Manifest.class);
    }

    /**
     * Every entry under {@code dataDir} by its relative path, sorted. Anything but a regular file
     * or a folder (a link, say) is refused: a data directory has none, and a link could lead a
     * copy anywhere.
     */
    private static Map<String, Path> files(Path dataDir) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String relative = dataDir.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(relative + " in " + dataDir + " is neither a file nor a folder");
                }
                found.put(relative, path);
            }
        }
        return found;
    }

    private static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long position = 0; position < size; position += MAP_BYTES) {
                crc.update(channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(MAP_BYTES, size - position)));
            }
        } catch (InternalError e) {
            // The JVM's word for a mapped page that could not be read: the file shrank meanwhile, or the disk failed.
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return String.format("%08x", crc.getValue());
    }
}
