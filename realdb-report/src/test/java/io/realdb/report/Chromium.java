package io.realdb.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as this machine runs it: no sandbox (tests run as root), no GPU,
 * no background networking (the machine's network is closed), a fresh profile per call.
 */
final class Chromium {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    record Output(int exitCode, String stdout, String stderr) {
    }

    private final Path executable;
    private final Path scratch;

    private Chromium(Path executable, Path scratch) {
        this.executable = executable;
        this.scratch = scratch;
    }

    /**
     * @throws AssertionError when no Chromium is installed: the browser test must fail, not skip
     *                        ({@code .ci/run} installs Debian's chromium package)
     */
    static Chromium find(Path scratch) {
        String configured = System.getenv("REALDB_CHROMIUM");
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(CANDIDATES);
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return new Chromium(path, scratch);
            }
        }
        throw new AssertionError("Chromium is not installed (looked for " + candidates
                + "): install Debian's chromium package, as .ci/run does, or set REALDB_CHROMIUM");
    }

    /** The page's DOM after its scripts ran, and what Chromium logged (console messages included). */
    Output dumpDom(Path page, String fragment) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=10000", "--dump-dom", url(page, fragment)));
    }

    Output screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=10000", "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url(page, "")));
    }

    private static String url(Path page, String fragment) {
        return page.toAbsolutePath().toUri() + fragment;
    }

    private Output run(List<String> arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(arguments);
        Path stdout = Files.createTempFile(scratch, "chromium-", ".out");
        Path stderr = Files.createTempFile(scratch, "chromium-", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s: " + command);
        }
        return new Output(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
