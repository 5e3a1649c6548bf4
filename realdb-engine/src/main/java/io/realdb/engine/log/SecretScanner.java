package io.realdb.engine.log;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks through a results folder for anything that still looks like a credential or a private
 * key, before the folder is published: the secrets realdb was given, and the shapes of
 * {@link CredentialShapes}, which the sanitiser masks too. It reports where, never the secret
 * itself.
 */
public final class SecretScanner {

    /** One suspicious spot: the file, the line, what it looks like, and the line with the secret masked. */
    public record Hit(Path file, long line, String kind, String excerpt) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + ": " + excerpt;
        }
    }

    /** Files bigger than this are read only up to it: logs of that size are sampled, not skipped. */
    private static final long MAX_BYTES = 1L << 31;

    private final List<String> knownSecrets;
    /** Finds and masks the known secrets, once compiled for every line scanned. */
    private final Sanitizer secrets;
    private final Set<String> trustedLines;

    /** @param knownSecrets values that must not appear anywhere, besides what the rules find */
    public SecretScanner(List<String> knownSecrets) {
        this(knownSecrets, Set.of());
    }

    private SecretScanner(List<String> knownSecrets, Set<String> trustedLines) {
        this.knownSecrets = knownSecrets.stream().filter(s -> s != null && !s.isBlank()).toList();
        Sanitizer known = Sanitizer.standard();
        for (String secret : this.knownSecrets) {
            known = known.withSecret(secret);
        }
        this.secrets = known;
        this.trustedLines = trustedLines;
    }

    /**
     * The same scanner, which does not apply its rules to lines of code that realdb itself ships
     * into the folder (the chart library inlined into report.html, whose minified code has
     * {@code Token=function}). A known secret in such a line is still found.
     */
    public SecretScanner trusting(Collection<String> lines) {
        Set<String> trusted = new HashSet<>(trustedLines);
        trusted.addAll(lines);
        return new SecretScanner(knownSecrets, Set.copyOf(trusted));
    }

    public List<Hit> scan(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("results folder '" + folder + "' does not exist");
        }
        List<Hit> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                scanFile(file, hits);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        return hits;
    }

    private void scanFile(Path file, List<Hit> hits) throws IOException {
        if (isBinary(file)) {
            // Seeds, archives and screenshots are not text; a scan of their bytes finds noise.
            return;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (InputStream in = Files.newInputStream(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            long number = 0;
            long bytes = 0;
            while ((line = reader.readLine()) != null && bytes < MAX_BYTES) {
                number++;
                bytes += line.length() + 1;
                scanLine(file, number, line, hits);
            }
        }
    }

    /** At most one hit a line: the first reason is enough to stop a publication. */
    private void scanLine(Path file, long number, String line, List<Hit> hits) {
        if (secrets.holdsSecret(line)) {
            hits.add(new Hit(file, number, "a secret realdb was given", excerpt(secrets.clean(line))));
            return;
        }
        if (trustedLines.contains(line)) {
            return;
        }
        CredentialShapes.Found found = CredentialShapes.find(line);
        if (found != null) {
            // The sanitiser masks what the shapes find, and the rest of a private key after its
            // header; the credential found is masked again should it have been left.
            String clean = Sanitizer.standard().clean(line)
                    .replace(line.substring(found.start(), found.end()), Sanitizer.MASK);
            hits.add(new Hit(file, number, found.kind(), excerpt(clean)));
        }
    }

    private static String excerpt(String line) {
        String clean = line.strip();
        return clean.length() <= 160 ? clean : clean.substring(0, 157) + "...";
    }

    private static boolean isBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return head.length >= 2 && (head[0] == 0x1f && (head[1] & 0xff) == 0x8b);
        }
    }
}
