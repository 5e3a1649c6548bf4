package io.realdb.engine.runner;

import com.sun.net.httpserver.HttpServer;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.sandbox.Isolation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration commands run isolated: a probe migration tries a local TCP listener, a name lookup and
 * an HTTP request, and does its database work. Everything but the database must fail.
 */
class IsolationTest {

    /** Each probe prints "probe NAME: reached" or "probe NAME: blocked"; then the database work. */
    private static final String PROBE = """
            #!/bin/bash
            probe() {
              if timeout 5 bash -c "$2" >/dev/null 2>&1; then echo "probe $1: reached"; else echo "probe $1: blocked"; fi
            }
            probe tcp "exec 3<>/dev/tcp/127.0.0.1/$PROBE_TCP_PORT"
            probe http "exec 3<>/dev/tcp/127.0.0.1/$PROBE_HTTP_PORT; printf 'GET /probe HTTP/1.0\\r\\n\\r\\n' >&3; head -1 <&3 | grep -q 200"
            probe dns "getent hosts realdb-probe.example.com"
            if [ -n "$REALDB_DB_HOST" ] && [ -z "$REALDB_DB_SOCKET" ]; then
              probe host-other-port "exec 3<>/dev/tcp/$REALDB_DB_HOST/$PROBE_TCP_PORT"
              where="-h $REALDB_DB_HOST -P $REALDB_DB_PORT --protocol=TCP"
            else
              where="--socket=$REALDB_DB_SOCKET"
            fi
            db="mariadb $where -u $REALDB_DB_USER $REALDB_DB_NAME"
            if $db -e "INSERT INTO probe VALUES ($2); UPDATE migrate_version SET version = $2"; then
              echo "probe db: ok"
            else
              echo "probe db: failed"; exit 1
            fi
            """;

    @TempDir
    Path dir;

    private ServerSocket listener;
    private HttpServer http;
    private final AtomicInteger tcpAccepted = new AtomicInteger();
    private final AtomicInteger httpRequests = new AtomicInteger();

    @BeforeEach
    void openListeners() throws IOException {
        // Bound to every address, so that the host's end of a veth link would reach it too.
        listener = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket ignored = listener.accept()) {
                    tcpAccepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        http.createContext("/", exchange -> {
            httpRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void closeListeners() throws IOException {
        listener.close();
        http.stop(0);
    }

    private RunOutcome runProbe(Isolation isolation, ServerSpec server, String database) throws Exception {
        Path project = new Fixtures.Project()
                .trunk("probe.sh", PROBE)
                .trunk("versions/1.sql", "")
                .change("versions/2.sql", "")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), database, """
                "migration": {"tool": "command", "up": "bash probe.sh {from} {to}",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT version FROM migrate_version"}},
                "downgrade_to": "none"
                """, "CREATE TABLE migrate_version (version INT NOT NULL);\nINSERT INTO migrate_version VALUES (1);\n"
                + "CREATE TABLE probe (v INT);\n");
        Map<String, String> ci = Map.of(
                "PATH", System.getenv("PATH"),
                "PROBE_TCP_PORT", Integer.toString(listener.getLocalPort()),
                "PROBE_HTTP_PORT", Integer.toString(http.getAddress().getPort()));
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", dir.resolve("out"), server,
                        ToolEnvironment.scrubbed(List.of("PROBE_TCP_PORT", "PROBE_HTTP_PORT"), ci::get))
                .with(isolation, TimeBudget.DEFAULT);
        return new UpgradeJob(line -> { }).run(request);
    }

    private void assertOnlyTheDatabaseWasReached(RunOutcome outcome) throws IOException {
        String log = Files.readString(outcome.log());
        RunResult result = outcome.result();
        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(log).contains("probe tcp: blocked", "probe http: blocked", "probe dns: blocked", "probe db: ok");
        assertThat(log).doesNotContain(": reached");
        assertThat(tcpAccepted).hasValue(0);
        assertThat(httpRequests).hasValue(0);
    }

    @Test
    void shouldLetAnUnisolatedProbeReachTheNetworkSoTheProbesAreReal() throws Exception {
        RunOutcome outcome = runProbe(Isolation.NONE, ServerSpec.embedded("mariadb"), "probe_none");

        String log = Files.readString(outcome.log());
        assertThat(log).contains("probe tcp: reached", "probe http: reached", "probe db: ok",
                "Isolation: none (chosen explicitly)");
        assertThat(tcpAccepted.get()).isGreaterThanOrEqualTo(1);
        assertThat(httpRequests.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldIsolateWithBwrapByDefaultAndReachThePrivateServerOverItsSocket() throws Exception {
        RunOutcome outcome = runProbe(Isolation.AUTO, ServerSpec.embedded("mariadb"), "probe_bwrap");

        assertOnlyTheDatabaseWasReached(outcome);
        assertThat(Files.readString(outcome.log())).contains("Isolation: bwrap", "the database is /run/realdb/mysqld.sock");
    }

    @Test
    void shouldGiveAnExistingTcpServerToBwrapThroughARelayOnASocket() throws Exception {
        String database = "realdb_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        ServerSpec server = ServerSpec.existing("mariadb", ConnectionInfo.tcp("127.0.0.1", 3306, "root", ""));
        java.util.Set<String> before = relayFolders();
        try {
            RunOutcome outcome = runProbe(Isolation.BWRAP, server, database);

            assertOnlyTheDatabaseWasReached(outcome);
            assertThat(Files.readString(outcome.log())).contains("Isolation: bwrap",
                    "the database is /run/realdb/mysqld.sock (a relay to 127.0.0.1:3306)");
        } finally {
            try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
        // Other runs on the machine may have relays of their own: only this run's must be gone.
        assertThat(relayFolders()).as("relay folders left behind").isSubsetOf(before);
    }

    private static java.util.Set<String> relayFolders() throws java.io.IOException {
        try (var all = Files.list(Path.of("/tmp"))) {
            return all.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("realdb-relay-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void shouldIsolateRootlesslyWithUnshareAndReachThePrivateServerOverItsSocket() throws Exception {
        RunOutcome outcome = runProbe(Isolation.UNSHARE, ServerSpec.embedded("mariadb"), "probe_unshare");

        assertOnlyTheDatabaseWasReached(outcome);
        assertThat(Files.readString(outcome.log())).contains("Isolation: unshare", "rootless");
    }

    @Test
    void shouldIsolateAsRootWithIpNetnsAndReachThePrivateServerOverItsSocket() throws Exception {
        RunOutcome outcome = runProbe(Isolation.NETNS, ServerSpec.embedded("mariadb"), "probe_netns_socket");

        assertOnlyTheDatabaseWasReached(outcome);
        assertThat(Files.readString(outcome.log())).contains("Isolation: netns");
        assertThat(namespaces()).doesNotContain(namespaceOf(outcome));
    }

    @Test
    void shouldGiveAnExistingTcpServerOneLinkAndNothingElse() throws Exception {
        String database = "realdb_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        ServerSpec server = ServerSpec.existing("mariadb", ConnectionInfo.tcp("127.0.0.1", 3306, "root", ""));
        try {
            RunOutcome outcome = runProbe(Isolation.NETNS, server, database);

            assertOnlyTheDatabaseWasReached(outcome);
            String log = Files.readString(outcome.log());
            assertThat(log).contains("probe host-other-port: blocked", "a relay to the database at 127.0.0.1:3306");
            assertThat(namespaces()).doesNotContain(namespaceOf(outcome));
        } finally {
            try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    @Test
    void shouldStopWhenTheIsolationAskedForCannotBeHad() throws Exception {
        ServerSpec server = ServerSpec.existing("mariadb", ConnectionInfo.tcp("127.0.0.1", 3306, "root", ""));

        RunOutcome outcome = runProbe(Isolation.UNSHARE, server, "realdb_probe_refused");

        assertThat(outcome.result().verdict()).isEqualTo(Verdict.ERROR);
        assertThat(outcome.result().findings()).singleElement().extracting(f -> f.message()).asString()
                .contains("isolation 'unshare' gives commands no network at all", "--isolation netns");
        assertThat(Files.readString(outcome.log())).doesNotContain("probe ");
        assertThat(tcpAccepted).hasValue(0);
    }

    /** The run's own namespace, as its log names it: other runs on the machine may have theirs. */
    private static String namespaceOf(RunOutcome outcome) throws IOException {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("network namespace (realdb-[0-9a-f]+)")
                .matcher(Files.readString(outcome.log()));
        assertThat(matcher.find()).as("the log names the namespace").isTrue();
        return matcher.group(1);
    }

    private static List<String> namespaces() throws IOException {
        Path netns = Path.of("/run/netns");
        if (!Files.isDirectory(netns)) {
            return List.of();
        }
        try (var names = Files.list(netns)) {
            return names.map(p -> p.getFileName().toString()).toList();
        }
    }
}
