package io.realdb.gerrit.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java runtime new enough for Gerrit (its classes are Java 21's): the one the build names
 * ({@code -Dgerrit.java.home}), else the newest under {@code /usr/lib/jvm}.
 */
final class JavaRuntimes {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JavaRuntimes() {
    }

    static Path atLeast(int feature) throws IOException {
        String configured = System.getProperty("gerrit.java.home", "");
        List<Path> candidates = new ArrayList<>();
        if (!configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                homes.sorted(Comparator.reverseOrder()).forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            Optional<Integer> version = version(home);
            if (version.isPresent() && version.get() >= feature && Files.isExecutable(home.resolve("bin/java"))) {
                return home.resolve("bin/java");
            }
        }
        throw new IllegalStateException("no Java " + feature + " or newer to run Gerrit: looked at " + candidates
                + "; install one (e.g. Temurin) and give it with -Dgerrit.java.home=PATH");
    }

    private static Optional<Integer> version(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(Files.readString(release));
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }
}
