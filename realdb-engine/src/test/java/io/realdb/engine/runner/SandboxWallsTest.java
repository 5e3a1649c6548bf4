package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.process.ProcessRunner;
import io.realdb.engine.sandbox.Isolation;
import io.realdb.engine.sandbox.ResourceLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bwrap sandbox's walls, proved from inside by a migration command that tries to get out:
 * the machine's own database servers over TCP and over their sockets, files in realdb's user's
 * home, realdb's home and the workspace, writing anywhere but its copy of the checkout, a fork
 * bomb and a memory hog. Its own database works all along. The servers probed are the machine's
 * MariaDB and PostgreSQL, which the test first reaches from outside, so the probes are real.
 */
class SandboxWallsTest {

    private static final String MYSQLD_SOCKET = "/run/mysqld/mysqld.sock";
    private static final String POSTGRESQL_SOCKET = "/var/run/postgresql/.s.PGSQL.5432";

    /** {@code probe.sh reach} only tries to reach things, so it also runs outside to show it can. */
    private static final String PROBE = """
            #!/bin/bash
            probe() {
              if timeout 5 bash -c "$2" >/dev/null 2>&1; then echo "probe $1: reached"; else echo "probe $1: blocked"; fi
            }
            unix() {
              echo "/usr/bin/python3 -c \\"import socket; socket.socket(socket.AF_UNIX).connect('$1')\\""
            }
            reach() {
              probe tcp-3306 "exec 3<>/dev/tcp/127.0.0.1/3306"
              probe tcp-5432 "exec 3<>/dev/tcp/127.0.0.1/5432"
              probe mysqld-socket "$(unix %s)"
              probe postgresql-socket "$(unix %s)"
              probe home-file "grep -q planted '$PROBE_HOME_FILE'"
              probe realdb-home-file "grep -q planted '$PROBE_REALDB_HOME_FILE'"
              probe workspace-file "grep -q . '$PROBE_WORKSPACE_FILE'"
            }
            walls() {
              reach
              probe write-output "echo pwned > '$PROBE_OUT'/pwned"
              probe write-realdb-checkout "echo pwned > '$PROBE_CHECKOUT'/pwned"
              probe write-usr "echo pwned > /usr/pwned"
              probe write-etc "echo pwned > /etc/pwned"
              probe write-root "echo pwned > /pwned"
              probe write-run "echo pwned > /run/realdb/pwned"
              probe write-dev "echo pwned > /dev/pwned"
              probe git-folder "test -e .git"
              probe own-copy "echo mine > written-by-step && grep -q mine written-by-step"
              echo "probe uid: $(id -u)"
              echo "probe cwd: $PWD"
            }
            limits() {
              probe leftover-of-last-step "test -e written-by-step"
              # While the bomb runs nothing here may need a process of its own: reads and kills are built in.
              mkfifo /tmp/clock && exec 9<>/tmp/clock
              setsid bash -c 'b() { b | b & }; b; wait' 2>/tmp/bomb.log &
              bomb=$!
              read -t 5 -u 9
              for i in 1 2 3 4 5; do kill -KILL -- -$bomb 2>/dev/null; read -t 0.2 -u 9; done
              wait $bomb
              if grep -q "Resource temporarily unavailable" /tmp/bomb.log; then
                echo "probe fork-bomb: stopped by the process limit"
              fi
              echo "probe processes after the bomb: $(ls /proc | grep -c '^[0-9]')"
              cat > /tmp/hog.py <<'PY'
            chunks = []
            try:
                while True:
                    chunks.append(bytearray(64 << 20))
            except MemoryError:
                print("probe memory-hog: stopped at %%d MiB" %% (len(chunks) * 64))
            PY
              /usr/bin/python3 /tmp/hog.py
            }
            if [ "$1" = reach ]; then reach; exit 0; fi
            if [ "$2" = 2 ]; then walls; else limits; fi
            if mariadb --socket="$REALDB_DB_SOCKET" -u "$REALDB_DB_USER" "$REALDB_DB_NAME" \\
                 -e "UPDATE migrate_version SET version = $2"; then
              echo "probe db: ok $2"
            else
              echo "probe db: failed"; exit 1
            fi
            """.formatted(MYSQLD_SOCKET, POSTGRESQL_SOCKET);

    @TempDir
    Path dir;

    private Path homeFile;
    private Path realdbHomeFile;

    @BeforeEach
    void plantFiles() throws IOException {
        String name = ".realdb-sandbox-probe-" + UUID.randomUUID();
        homeFile = Files.writeString(Path.of(System.getProperty("user.home")).resolve(name), "planted\n");
        Path realdbHome = HistoryLocation.home(System::getenv);
        Files.createDirectories(realdbHome);
        realdbHomeFile = Files.writeString(realdbHome.resolve(name), "planted\n");
    }

    @AfterEach
    void removeFiles() throws IOException {
        Files.deleteIfExists(homeFile);
        Files.deleteIfExists(realdbHomeFile);
    }

    private Path project(String script, String... versions) throws Exception {
        Fixtures.Project project = new Fixtures.Project().trunk("probe.sh", script).trunk("versions/1.sql", "");
        for (String version : versions) {
            project.change("versions/" + version + ".sql", "");
        }
        return project.create(dir.resolve("project"));
    }

    private Dataset dataset(String database) throws IOException {
        return Fixtures.dataset(dir.resolve("dataset"), database, """
                "migration": {"tool": "command", "up": "bash probe.sh {from} {to}",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT version FROM migrate_version"}},
                "downgrade_to": "none"
                """, "CREATE TABLE migrate_version (version INT NOT NULL);\nINSERT INTO migrate_version VALUES (1);\n");
    }

    private Map<String, String> probeEnvironment(Path out) {
        return Map.of(
                "PATH", System.getenv("PATH"),
                "PROBE_HOME_FILE", homeFile.toString(),
                "PROBE_REALDB_HOME_FILE", realdbHomeFile.toString(),
                "PROBE_WORKSPACE_FILE", Path.of("pom.xml").toAbsolutePath().toString(),
                "PROBE_OUT", out.toString(),
                "PROBE_CHECKOUT", out.resolve(".realdb-work").resolve("project").toString());
    }

    private RunOutcome run(Path project, Dataset dataset, ResourceLimits limits) {
        Path out = dir.resolve("out");
        Map<String, String> ci = probeEnvironment(out);
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", out,
                        ServerSpec.embedded("mariadb"),
                        ToolEnvironment.scrubbed(ci.keySet().stream().filter(k -> k.startsWith("PROBE_")).toList(), ci::get))
                .withLimits(limits);
        return new UpgradeJob(line -> { }).run(request);
    }

    @Test
    void shouldReachTheProbedServersAndFilesFromOutsideSoTheProbesAreReal() throws Exception {
        try (SocketChannel tcp = SocketChannel.open(new InetSocketAddress("127.0.0.1", 3306));
             SocketChannel pg = SocketChannel.open(new InetSocketAddress("127.0.0.1", 5432));
             SocketChannel mysqld = SocketChannel.open(StandardProtocolFamily.UNIX);
             SocketChannel postgresql = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertThat(mysqld.connect(UnixDomainSocketAddress.of(MYSQLD_SOCKET))).isTrue();
            assertThat(postgresql.connect(UnixDomainSocketAddress.of(POSTGRESQL_SOCKET))).isTrue();
            assertThat(tcp.isConnected() && pg.isConnected()).isTrue();
        }
        Path script = Files.writeString(dir.resolve("probe.sh"), PROBE);
        List<String> lines = new ArrayList<>();

        ProcessRunner.run(List.of("bash", script.toString(), "reach"), dir, probeEnvironment(dir.resolve("out")),
                Duration.ofMinutes(1), (stderr, line) -> lines.add(line));

        assertThat(lines).containsExactly("probe tcp-3306: reached", "probe tcp-5432: reached",
                "probe mysqld-socket: reached", "probe postgresql-socket: reached", "probe home-file: reached",
                "probe realdb-home-file: reached", "probe workspace-file: reached");
    }

    @Test
    void shouldLetAMigrationReachItsDatabaseAndNothingElseAndStopABombAndAHog() throws Exception {
        Path project = project(PROBE, "2", "3");
        int before = processCount();
        AtomicInteger most = new AtomicInteger(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                most.accumulateAndGet(processCount(), Math::max);
                sleep(20);
            }
        });
        sampler.start();
        RunOutcome outcome;
        try {
            outcome = run(project, dataset("walls"), ResourceLimits.DEFAULT);
        } finally {
            running.set(false);
            sampler.join();
        }

        String log = Files.readString(outcome.log());
        RunResult result = outcome.result();
        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(log).contains("Isolation: bwrap: each migration command as uid 65534",
                "probe tcp-3306: blocked", "probe tcp-5432: blocked",
                "probe mysqld-socket: blocked", "probe postgresql-socket: blocked",
                "probe home-file: blocked", "probe realdb-home-file: blocked", "probe workspace-file: blocked",
                "probe write-output: blocked", "probe write-realdb-checkout: blocked", "probe write-usr: blocked",
                "probe write-etc: blocked", "probe write-root: blocked", "probe write-run: blocked",
                "probe write-dev: blocked", "probe git-folder: blocked", "probe own-copy: reached",
                "probe uid: 65534", "probe cwd: /work/checkout",
                "probe leftover-of-last-step: blocked",
                "probe fork-bomb: stopped by the process limit",
                "probe memory-hog: stopped at ");
        assertThat(log).contains("probe db: ok 2", "probe db: ok 3").doesNotContain("probe db: failed");
        assertThat(memoryHogStoppedAt(log)).isBetween(3000, 4096);
        assertThat(processesAfterTheBomb(log)).isLessThan(10);
        assertThat(most.get() - before).as("processes the bomb added on the host at most")
                .isLessThan((int) ResourceLimits.DEFAULT.processes() + 150);
        assertThat(Files.exists(dir.resolve("out").resolve("pwned"))).isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("no process of the run survives it").isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("b | b &")))
                .as("no bomb process survives").isEmpty();
    }

    @Test
    void shouldApplyTheLimitsItIsGiven() throws Exception {
        Path project = project("""
                #!/bin/bash
                prlimit --noheadings --output RESOURCE,SOFT,HARD | sed 's/^/limit /'
                head -c 2M /dev/zero > big.bin
                echo "probe file-size: $(stat -c %s big.bin)"
                timeout 30 bash -c 'while :; do :; done'
                echo "probe busy-loop: exit $?"
                mariadb --socket="$REALDB_DB_SOCKET" -u "$REALDB_DB_USER" "$REALDB_DB_NAME" \\
                  -e "UPDATE migrate_version SET version = $2"
                """, "2");

        RunOutcome outcome = run(project, dataset("limits"), new ResourceLimits(512, 64, 1, 2));

        String log = Files.readString(outcome.log());
        assertThat(outcome.result().findings()).as(log).isEmpty();
        assertThat(log).contains("512 MiB of address space, 64 processes and threads, files up to 1 MiB, 2 s of CPU time",
                "probe file-size: 1048576", "probe busy-loop: exit 137");
        assertThat(log.lines().filter(l -> l.contains("limit ")).map(l -> l.substring(l.indexOf("limit ") + 6)
                .trim().replaceAll("\\s+", " ")))
                .contains("AS 536870912 536870912", "NPROC 64 64", "FSIZE 1048576 1048576", "CPU 2 2");
    }

    private static int memoryHogStoppedAt(String log) {
        String marker = "probe memory-hog: stopped at ";
        String rest = log.substring(log.indexOf(marker) + marker.length());
        return Integer.parseInt(rest.substring(0, rest.indexOf(' ')));
    }

    private static int processesAfterTheBomb(String log) {
        String marker = "probe processes after the bomb: ";
        String rest = log.substring(log.indexOf(marker) + marker.length());
        return Integer.parseInt(rest.lines().findFirst().orElseThrow().trim());
    }

    private static int processCount() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return (int) entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
