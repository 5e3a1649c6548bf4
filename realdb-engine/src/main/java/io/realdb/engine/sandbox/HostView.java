package io.realdb.engine.sandbox;

import io.realdb.engine.InfrastructureException;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The host's files a bwrap sandbox shows, all read-only, as bwrap arguments: the system's
 * folders, of {@code /etc} only what every user may read, realdb's Java and each entry of its
 * class path (a Flyway or Liquibase step runs realdb's own classes). Home folders, workspaces,
 * output folders and realdb's history are not among them; a class path entry that lives there is
 * shown alone, not its folder.
 */
final class HostView {

    /** Folders of the system, bound whole; in a merged-/usr system most are links into /usr. */
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
            "/etc", "/opt");

    private HostView() {
    }

    /** The system's folders and the masks over {@code /etc}: the sandbox's root, mounted first. */
    static List<String> system() {
        List<String> arguments = new ArrayList<>();
        for (String name : SYSTEM) {
            Path path = Path.of(name);
            if (Files.isSymbolicLink(path)) {
                try {
                    arguments.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), name));
                } catch (IOException e) {
                    // Unreadable link: the sandbox goes without it, as a system without the folder would.
                }
            } else if (Files.isDirectory(path)) {
                arguments.addAll(List.of("--ro-bind", name, name));
            }
        }
        arguments.addAll(etcMasks());
        return arguments;
    }

    /**
     * realdb's Java and class path, mounted after the sandbox's own {@code /tmp} and {@code /run},
     * which would otherwise hide an entry that lives there (a build in a temporary folder).
     */
    static List<String> java() {
        List<String> arguments = new ArrayList<>();
        List<Path> bound = SYSTEM.stream().map(Path::of).filter(p -> !Files.isSymbolicLink(p) && Files.isDirectory(p)).toList();
        Set<Path> java = new LinkedHashSet<>();
        java.add(Path.of(System.getProperty("java.home")));
        java.addAll(classPath());
        Set<Path> folders = new LinkedHashSet<>();
        for (Path path : java) {
            if (Files.exists(path) && bound.stream().noneMatch(path::startsWith)) {
                arguments.addAll(folders(path.getParent(), folders));
                arguments.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        return arguments;
    }

    /**
     * Makes {@code folder} and its parents, open to every user: bwrap would make the ones it
     * needs readable by their owner only, and the sandbox's user is not always their owner.
     */
    private static List<String> folders(Path folder, Set<Path> made) {
        List<String> arguments = new ArrayList<>();
        if (folder == null || folder.getParent() == null || made.contains(folder)) {
            return arguments;
        }
        arguments.addAll(folders(folder.getParent(), made));
        made.add(folder);
        arguments.addAll(List.of("--perms", "0755", "--dir", folder.toString()));
        return arguments;
    }

    /**
     * Hides what in {@code /etc} is not for every user (shadow files, private keys, a server's
     * credentials): a file behind {@code /dev/null}, a folder behind an empty read-only one.
     */
    private static List<String> etcMasks() {
        List<String> masks = new ArrayList<>();
        try {
            Files.walkFileTree(Path.of("/etc"), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                    if (!permissions.contains(PosixFilePermission.OTHERS_READ)
                            || !permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        masks.addAll(List.of("--tmpfs", dir.toString(), "--remount-ro", dir.toString()));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile() && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OTHERS_READ)) {
                        masks.addAll(List.of("--ro-bind", "/dev/null", file.toString()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Not even realdb may look: the sandbox's user may not either.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new InfrastructureException("cannot read /etc to choose what a sandbox may see: "
                    + e.getMessage(), e);
        }
        return masks;
    }

    /**
     * realdb's class path as files: each entry, and the jars a jar's manifest names in its
     * {@code Class-Path} (the command line's {@code lib/}, a test runner's class path jar).
     */
    static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return List.copyOf(entries);
    }

    private static void add(Path entry, Set<Path> entries) {
        if (!entries.add(entry) || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null
                    : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            URI base = entry.getParent().toUri();
            for (String item : classPath.trim().split("\\s+")) {
                if (item.isEmpty()) {
                    continue;
                }
                URI uri = base.resolve(item);
                if ("file".equals(uri.getScheme())) {
                    add(Path.of(uri).normalize(), entries);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not a jar, or a manifest entry that names no file: Java skips it as well.
        }
    }
}
