package io.realdb.gerrit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Gerrit Code Review server from Maven Central's jars, run as a child process on a Java 21+
 * runtime with a site in a temporary folder: {@code Init --dev} (an {@code admin} account with the
 * HTTP password {@code secret}), then {@code Daemon} on a free port without SSH. Started once per
 * test run by {@link GerritExtension}; stopped by its process.
 */
final class GerritServer implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path site;
    private final Process daemon;
    private final URI url;
    private final HttpClient http = HttpClient.newHttpClient();
    /** How long init and the daemon's start took, for the test log. */
    final Duration initTime;
    final Duration startTime;

    private GerritServer(Path site, Process daemon, URI url, Duration initTime, Duration startTime) {
        this.site = site;
        this.daemon = daemon;
        this.url = url;
        this.initTime = initTime;
        this.startTime = startTime;
    }

    static GerritServer start() throws Exception {
        Path java = JavaRuntimes.atLeast(21);
        Path lib = Path.of(System.getProperty("gerrit.lib", "target/gerrit-lib")).toAbsolutePath();
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Gerrit's jars are not in " + lib + ": the build copies them there "
                    + "(maven-dependency-plugin, phase generate-test-resources)");
        }
        Path site = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "gerrit-site-");
        Path log4j = Path.of("target/test-classes/gerrit-log4j.properties").toAbsolutePath();
        List<String> base = List.of(java.toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1",
                "-Dlog4j.configuration=" + log4j.toUri(),
                "-cp", Path.of("target/test-classes").toAbsolutePath() + ":" + lib + "/*",
                GerritLauncher.class.getName());

        long t0 = System.nanoTime();
        Path initLog = site.resolveSibling(site.getFileName() + "-init.log");
        Process init = command(base, "com.google.gerrit.pgm.Init", "-d", site.toString(), "--batch", "--no-auto-start",
                "--dev").redirectErrorStream(true).redirectOutput(initLog.toFile()).start();
        if (!init.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            init.destroyForcibly();
            throw new IllegalStateException("Gerrit's init did not finish in " + START_TIMEOUT + "; its output: "
                    + tail(initLog));
        }
        if (init.exitValue() != 0) {
            throw new IllegalStateException("Gerrit's init exited " + init.exitValue() + "; its output: " + tail(initLog));
        }
        Duration initTime = Duration.ofNanos(System.nanoTime() - t0);
        Files.delete(initLog);

        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        FileBasedConfig config = new FileBasedConfig(site.resolve("etc/gerrit.config").toFile(), FS.DETECTED);
        config.load();
        config.setString("httpd", null, "listenUrl", url.toString());
        config.setString("gerrit", null, "canonicalWebUrl", url.toString());
        config.save();

        long t1 = System.nanoTime();
        Path daemonLog = site.resolve("logs/daemon-console.log");
        Files.createDirectories(daemonLog.getParent());
        Process daemon = command(base, "com.google.gerrit.pgm.Daemon", "-d", site.toString(), "--enable-httpd",
                "--headless", "--disable-sshd").redirectErrorStream(true).redirectOutput(daemonLog.toFile()).start();
        // Should the test JVM be stopped before the store closes the server, the server goes too.
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::destroy));
        GerritServer server = new GerritServer(site, daemon, url, initTime, Duration.ZERO);
        try {
            server.awaitReady(daemonLog);
            GerritServer ready = new GerritServer(site, daemon, url, initTime, Duration.ofNanos(System.nanoTime() - t1));
            ready.configureVerifiedLabel();
            return ready;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    private static ProcessBuilder command(List<String> base, String... args) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private void awaitReady(Path daemonLog) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("Gerrit's daemon exited " + daemon.exitValue() + " before it answered; "
                        + "its output: " + tail(daemonLog));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("config/server/version"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The port is not open yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Gerrit did not answer on " + url + " within " + START_TIMEOUT + "; its output: "
                + tail(daemonLog));
    }

    /** A Verified label on every project, that registered users may vote -1..+1 on branches, and push to them. */
    private void configureVerifiedLabel() throws IOException, InterruptedException {
        put("a/projects/All-Projects/labels/Verified",
                "{\"commit_message\":\"Verified label\",\"values\":{\"-1\":\"Fails\",\" 0\":\"No score\",\"+1\":\"Verified\"}}");
        post("a/projects/All-Projects/access", "{\"add\":{\"refs/heads/*\":{\"permissions\":{"
                + "\"label-Verified\":{\"rules\":{\"global:Registered-Users\":{\"action\":\"ALLOW\",\"min\":-1,\"max\":1}}},"
                + "\"push\":{\"rules\":{\"global:Registered-Users\":{\"action\":\"ALLOW\"}}}}}}}");
    }

    URI url() {
        return url;
    }

    /** A project's URL for git, with the admin's credentials in it: what a CI workspace's origin looks like. */
    String authenticatedGitUrl(String project) {
        return "http://" + USER + ":" + PASSWORD + "@" + url.getHost() + ":" + url.getPort() + "/a/" + project;
    }

    /** A project's URL for anonymous reads, as realdb fetches it. */
    String gitUrl(String project) {
        return url + project;
    }

    void createProject(String name) throws IOException, InterruptedException {
        put("a/projects/" + name, "{\"create_empty_commit\":true}");
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).GET());
    }

    JsonNode put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json; charset=UTF-8")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        String body = response.body().strip();
        body = body.startsWith(")]}'") ? body.substring(4) : body;
        return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        daemon.destroy();
        try {
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(site)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not remove the Gerrit site " + site + ": " + e.getMessage());
        }
    }
}
