package io.realdb.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner and the sanitiser against two corpora: credentials of every kind they know,
 * planted in the lines where they turn up (all must be found and masked), and look-alikes that
 * are not credentials (none may be touched). Prints the counts.
 */
class CredentialCorpusTest {

    private static final Pattern MARKED = Pattern.compile("\\[\\[(.*?)]]");
    private static final int GENERATED_PER_FAMILY = 10_000;

    @TempDir
    Path dir;

    private record Planted(String kind, String line, List<String> secrets) {
    }

    @Test
    void shouldFindAndMaskEveryPlantedCredential() throws IOException {
        List<Planted> planted = planted();
        Files.write(dir.resolve("planted.log"), planted.stream().map(Planted::line).toList());

        Map<Long, SecretScanner.Hit> hits = scan();

        List<String> missed = new ArrayList<>();
        List<String> misnamed = new ArrayList<>();
        List<String> leakedByTheReport = new ArrayList<>();
        List<String> unmasked = new ArrayList<>();
        List<String> flaggedOnceClean = new ArrayList<>();
        for (int i = 0; i < planted.size(); i++) {
            Planted credential = planted.get(i);
            SecretScanner.Hit hit = hits.get(i + 1L);
            String clean = Sanitizer.standard().clean(credential.line());
            if (hit == null) {
                missed.add(credential.kind() + ": " + credential.line());
            } else if (!hit.kind().equals(credential.kind())) {
                misnamed.add(credential.kind() + " named " + hit.kind() + ": " + credential.line());
            }
            for (String secret : credential.secrets()) {
                if (hit != null && leaks(hit.toString(), secret)) {
                    leakedByTheReport.add(hit.toString());
                }
                if (leaks(clean, secret)) {
                    unmasked.add(credential.kind() + ": " + clean);
                }
            }
            if (CredentialShapes.find(clean) != null) {
                flaggedOnceClean.add(clean);
            }
        }
        System.out.printf(Locale.ROOT, "planted credentials: %d in %d kinds; found %d, named as planted %d,"
                        + " masked by the sanitiser %d%n",
                planted.size(), planted.stream().map(Planted::kind).distinct().count(),
                planted.size() - missed.size(), planted.size() - missed.size() - misnamed.size(),
                planted.size() - unmasked.size());

        assertThat(missed).as("planted credentials the scanner missed").isEmpty();
        assertThat(misnamed).as("planted credentials named as another kind").isEmpty();
        assertThat(leakedByTheReport).as("hits that print the credential").isEmpty();
        assertThat(unmasked).as("planted credentials the sanitiser left").isEmpty();
        assertThat(flaggedOnceClean).as("sanitised lines the scanner still flags").isEmpty();
    }

    @Test
    void shouldFindEveryPrivateKeyBlockAndMaskItsBody() throws IOException {
        List<String> lines = resourceLines("private-keys.txt");
        Files.write(dir.resolve("keys.log"), lines);
        List<Long> headers = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("-----BEGIN")) {
                headers.add(i + 1L);
                inside = true;
            } else if (line.startsWith("-----END")) {
                inside = false;
            } else if (inside && !line.isBlank()) {
                bodies.add(line);
            }
        }

        Map<Long, SecretScanner.Hit> hits = scan();
        Sanitizer.Lines cleaner = Sanitizer.standard().lines();
        String clean = lines.stream().map(cleaner::clean).collect(Collectors.joining("\n"));
        List<String> leftBodyLines = bodies.stream().filter(clean::contains).toList();
        System.out.printf(Locale.ROOT, "planted private key blocks: %d; found %d; body lines %d, left by the"
                + " sanitiser %d%n", headers.size(), hits.size(), bodies.size(), leftBodyLines.size());

        assertThat(hits.keySet()).containsExactlyInAnyOrderElementsOf(headers);
        assertThat(hits.values()).extracting(SecretScanner.Hit::kind).containsOnly("private key");
        assertThat(leftBodyLines).isEmpty();
        assertThat(clean).doesNotContain("PRIVATE KEY");
    }

    @Test
    void shouldLeaveInnocentLookAlikesAlone() throws IOException {
        List<String> written = resourceLines("innocent.txt");
        List<String> generated = generatedLookAlikes();
        List<String> innocent = new ArrayList<>(written);
        innocent.addAll(generated);
        Files.write(dir.resolve("innocent.log"), innocent);

        Map<Long, SecretScanner.Hit> hits = scan();
        List<String> changed = innocent.stream()
                .filter(line -> !Sanitizer.standard().clean(line).equals(line))
                .toList();
        System.out.printf(Locale.ROOT, "innocent look-alikes: %d (%d written, %d generated); flagged by the scanner"
                + " %d, changed by the sanitiser %d%n", innocent.size(), written.size(), generated.size(),
                hits.size(), changed.size());

        assertThat(hits.values()).as("false positives of the scanner").isEmpty();
        assertThat(changed).as("lines the sanitiser changed").isEmpty();
    }

    /** Whether {@code text} shows {@code secret}, or any run of 8 letters and digits of it (a key's body line). */
    private static boolean leaks(String text, String secret) {
        if (text.contains(secret)) {
            return true;
        }
        for (String run : secret.split("[^A-Za-z0-9]+")) {
            if (run.length() >= 8 && text.contains(run)) {
                return true;
            }
        }
        return false;
    }

    private Map<Long, SecretScanner.Hit> scan() {
        return new SecretScanner(List.of()).scan(dir).stream()
                .collect(Collectors.toMap(SecretScanner.Hit::line, Function.identity()));
    }

    private List<Planted> planted() throws IOException {
        List<Planted> planted = new ArrayList<>();
        for (String entry : resourceLines("planted.txt")) {
            int bar = entry.indexOf(" | ");
            String marked = entry.substring(bar + 3);
            List<String> secrets = new ArrayList<>();
            Matcher matcher = MARKED.matcher(marked);
            while (matcher.find()) {
                secrets.add(matcher.group(1));
            }
            planted.add(new Planted(entry.substring(0, bar), MARKED.matcher(marked).replaceAll("$1"), secrets));
        }
        assertThat(planted).allSatisfy(credential -> assertThat(credential.secrets()).isNotEmpty());
        return planted;
    }

    /**
     * Many random values of the kinds a migration log is full of, in the lines they come in:
     * commit and object ids, revision ids, UUIDs, checksums, versions, and base64 and base62
     * strings of data that is not secret.
     */
    private static List<String> generatedLookAlikes() {
        SplittableRandom random = new SplittableRandom(65615);
        HexFormat hex = HexFormat.of();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < GENERATED_PER_FAMILY; i++) {
            lines.add("HEAD is now at " + hex.formatHex(bytes(random, 20)) + " Merge \"Add index " + i + "\"");
            lines.add("object " + hex.formatHex(bytes(random, 32)) + " sha256 of nova_user_001.sql.gz");
            lines.add("INFO  [alembic.runtime.migration] Running upgrade " + hex.formatHex(bytes(random, 6))
                    + " -> " + hex.formatHex(bytes(random, 6)) + ", step " + i);
            lines.add("instance " + new UUID(random.nextLong(), random.nextLong()) + " moved to cell " + i % 5);
            lines.add("MD5SUM 9:" + hex.formatHex(bytes(random, 16)) + " of changeset " + i);
            lines.add("installed_rank=" + i + " checksum=" + random.nextInt() + " version=1." + i);
            lines.add("mariadb Ver 15.1 Distrib " + random.nextInt(5, 12) + "." + random.nextInt(12) + "."
                    + random.nextInt(40) + "-MariaDB-" + random.nextInt(1, 3) + "ubu2204");
            String payload = Base64.getEncoder().encodeToString(bytes(random, random.nextInt(8, 96)));
            lines.add("the row's payload was " + payload + " before the migration");
            lines.add("cursor=" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(bytes(random, random.nextInt(8, 64))) + "&limit=100");
            lines.add("build " + base62(random, random.nextInt(16, 48)) + " finished");
        }
        return lines;
    }

    private static byte[] bytes(SplittableRandom random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String base62(SplittableRandom random, int length) {
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(digits.charAt(random.nextInt(digits.length())));
        }
        return text.toString();
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = CredentialCorpusTest.class.getResourceAsStream("/credentials/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#"))
                    .toList();
        }
    }
}
