package io.realdb.gerrit.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.cli.Main;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Verdict;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * realdb against a real Gerrit: changes with new migrations are pushed for review over HTTP, realdb
 * fetches their {@code refs/changes/...} from Gerrit, runs the job on a private MariaDB server and
 * votes; the vote and the message are read back through Gerrit's REST API.
 */
@ExtendWith(GerritExtension.class)
class GerritVoteEndToEndTest {

    private static final PersonIdent AUTHOR = new PersonIdent("realdb test", "admin@example.com");
    private static final String PROJECT = "inventory";
    private static final int ROWS = 3000;

    @TempDir
    static Path dir;

    private static GerritServer gerrit;
    private static Path dataset;
    private static Path passwordFile;
    private static Path repository;

    private record Run(int code, String out, String err) {
    }

    private static Run realdb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void pushTrunkAndLayOutTheDataset(GerritServer server) throws Exception {
        gerrit = server;
        gerrit.createProject(PROJECT);
        passwordFile = Files.writeString(dir.resolve("gerrit-password"), GerritServer.PASSWORD + "\n");
        repository = dir.resolve("author");
        try (Git git = Git.cloneRepository().setURI(gerrit.authenticatedGitUrl(PROJECT))
                .setDirectory(repository.toFile()).call()) {
            write(Map.of("migrations/0001_create_items.up.sql",
                    "CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL);\n",
                    "migrations/0001_create_items.down.sql", "DROP TABLE items;\n"));
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Items").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            push(git, "HEAD:refs/heads/master");
        }
        dataset = Files.createDirectories(dir.resolve("datasets/items_001"));
        Files.writeString(dataset.resolve("config.json"), """
                {
                    "name": "items_001",
                    "project": "inventory",
                    "type": "mysql",
                    "database": "inventory",
                    "db_user": "inventory",
                    "seed_data": "items.sql",
                    "migration": {"tool": "sql-dir", "path": "migrations"},
                    "maximum_migration_times": {"default": 120},
                    "Innodb_rows_read": {"default": 1000000},
                    "XInnodb_rows_changed": {"default": 1000}
                }
                """);
        StringBuilder seed = new StringBuilder("""
                CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 0);
                CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL);
                INSERT INTO items (name) VALUES
                """);
        for (int i = 0; i < ROWS; i++) {
            seed.append(i == 0 ? "" : ",\n").append("('item ").append(i).append("')");
        }
        Files.writeString(dataset.resolve("items.sql"), seed.append(";\n").toString());
    }

    private static void write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = repository.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    private static void push(Git git, String refSpec) throws Exception {
        git.push().setRemote("origin").setRefSpecs(new RefSpec(refSpec))
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider(GerritServer.USER, GerritServer.PASSWORD))
                .call();
    }

    /** Pushes a commit on top of master for review; returns its patch set ref, refs/changes/NN/N/1. */
    private static String pushChange(String subject, Map<String, String> files) throws Exception {
        String changeId = "I" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
        try (Git git = Git.open(repository.toFile())) {
            git.fetch().setRemote("origin").call();
            ObjectId master = git.getRepository().resolve("refs/remotes/origin/master");
            git.checkout().setName(master.name()).setForced(true).call();
            write(files);
            git.add().addFilepattern(".").call();
            git.commit().setMessage(subject + "\n\nChange-Id: " + changeId + "\n")
                    .setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            push(git, "HEAD:refs/for/master");
        }
        int number = gerrit.get("a/changes/?q=change:" + changeId).get(0).get("_number").asInt();
        return "refs/changes/" + String.format("%02d", number % 100) + "/" + number + "/1";
    }

    private static String number(String ref) {
        return ref.split("/")[3];
    }

    private static Run vote(String ref, String... more) {
        List<String> args = new ArrayList<>(List.of("vote", "--gerrit", gerrit.url().toString(), "--change", ref,
                "--user", GerritServer.USER, "--password-file", passwordFile.toString(), "--retries", "1"));
        args.addAll(List.of(more));
        return realdb(args.toArray(String[]::new));
    }

    private static JsonNode detail(String ref) throws Exception {
        return gerrit.get("a/changes/" + number(ref) + "/detail");
    }

    /** The admin's vote on Verified, or 0 when there is none. */
    private static int verifiedVote(JsonNode detail) {
        for (JsonNode vote : detail.path("labels").path("Verified").path("all")) {
            if (GerritServer.USER.equals(vote.path("username").asText())) {
                return vote.path("value").asInt(0);
            }
        }
        return 0;
    }

    private static List<JsonNode> realdbMessages(JsonNode detail) {
        List<JsonNode> messages = new ArrayList<>();
        detail.path("messages").forEach(m -> {
            if ("autogenerated:realdb".equals(m.path("tag").asText())) {
                messages.add(m);
            }
        });
        return messages;
    }

    @Test
    void shouldVoteForAChangeWhoseMigrationsPassOnTheDataset() throws Exception {
        String change = pushChange("Tags", Map.of(
                "migrations/0002_create_tags.up.sql",
                "CREATE TABLE tags (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, item_id INT NOT NULL, tag VARCHAR(32));\n",
                "migrations/0002_create_tags.down.sql", "DROP TABLE tags;\n"));
        Path out = dir.resolve("out/pass/items_001");

        Run run = realdb("run", "--dataset", dataset.toString(), "--project", gerrit.gitUrl(PROJECT),
                "--trunk", "master", "--change", change, "--out", out.toString(), "-q");
        Run vote = vote(change, out.toString());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(ResultJson.read(out.resolve("result.json")).info()).containsEntry("change", change);
        assertThat(vote.code()).as(vote.err()).isZero();
        assertThat(vote.out()).startsWith("Posted the review on change " + number(change) + " patch set 1: Verified +1");
        JsonNode detail = detail(change);
        assertThat(verifiedVote(detail)).isEqualTo(1);
        List<JsonNode> messages = realdbMessages(detail);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("message").asText())
                .startsWith("Patch Set 1: Verified+1\n\nrealdb: the migrations passed on 1 voting dataset.")
                .containsPattern("- real-db-upgrade items_001 SUCCESS - (nothing blocked over 200 ms|longest blocks?: [^;\\n]+) in ");
        assertThat(messages.get(0).path("_revision_number").asInt()).isEqualTo(1);
    }

    @Test
    void shouldVoteAgainstAChangeThatRewritesTooManyRowsAndTakeTheVoteBackWhenARerunCannotRun() throws Exception {
        String change = pushChange("Upper-case item names", Map.of(
                "migrations/0002_upper_case_names.up.sql", "UPDATE items SET name = UPPER(name);\n",
                "migrations/0002_upper_case_names.down.sql", "UPDATE items SET name = LOWER(name);\n"));
        // A CI workspace: a clone of the project on trunk, which never fetched the change's ref.
        Path workspace = dir.resolve("workspace");
        try (Git git = Git.cloneRepository().setURI(gerrit.gitUrl(PROJECT)).setDirectory(workspace.toFile()).call()) {
            git.checkout().setName(git.getRepository().resolve("HEAD").name()).call();
            git.branchDelete().setBranchNames("master").setForce(true).call();
        }
        Path out = dir.resolve("out/fail/items_001");

        Run run = realdb("run", "--dataset", dataset.toString(), "--project", workspace.toString(),
                "--trunk", "master", "--change", change, "--out", out.toString(), "-q");
        Run vote = vote(change, out.toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(vote.code()).as(vote.err()).isZero();
        JsonNode detail = detail(change);
        assertThat(verifiedVote(detail)).isEqualTo(-1);
        assertThat(realdbMessages(detail).get(0).path("message").asText())
                .startsWith("Patch Set 1: Verified-1\n\nrealdb: the migrations failed on 1 of 1 voting dataset.")
                .containsPattern("- real-db-upgrade items_001 FAILURE - Migration 1->2 changed too many rows \\((\\d+) > 1000\\)");
        assertThat(ResultJson.read(out.resolve("result.json")).steps().get(0).rowsUpdated()).isEqualTo(ROWS);

        Path broken = Files.createDirectories(dir.resolve("out/rerun/items_001"));
        ResultJson.write(new RunResult(RunResult.SCHEMA_VERSION, "items_001", Verdict.ERROR, null, "2", null, Map.of(),
                List.of(new Finding(FindingKind.INFRASTRUCTURE, Severity.ERROR, "The database server died")), List.of()),
                broken.resolve("result.json"));
        Run rerun = vote(change, broken.toString());

        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.out()).startsWith("Posted the review on change " + number(change) + " patch set 1: Verified 0");
        JsonNode after = detail(change);
        assertThat(verifiedVote(after)).isZero();
        List<JsonNode> messages = realdbMessages(after);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).path("message").asText()).contains("realdb: no verdict: 1 of 1 voting dataset could not run",
                "- real-db-upgrade items_001 ERROR (infrastructure, not the change) - The database server died");
    }

    @Test
    void shouldSayWhatGerritRefusedWithoutTryingAgain() throws Exception {
        String change = pushChange("Notes", Map.of("NOTES.md", "notes\n"));
        Path passing = Files.createDirectories(dir.resolve("out/refusals/items_001"));
        ResultJson.write(new RunResult(RunResult.SCHEMA_VERSION, "items_001", Verdict.PASS, "1", "1", 1000L, Map.of(),
                List.of(), List.of()), passing.resolve("result.json"));
        Path wrongPassword = Files.writeString(dir.resolve("wrong-password"), "not-the-password");

        Run unauthorised = realdb("vote", "--gerrit", gerrit.url().toString(), "--change", change, "--user", "admin",
                "--password-file", wrongPassword.toString(), passing.toString());
        Run unknownChange = vote("99999", "--patchset", "1", passing.toString());
        gerrit.post("a/changes/" + number(change) + "/abandon", "{}");
        Run closedChange = vote(change, passing.toString());

        assertThat(unauthorised.code()).isEqualTo(2);
        assertThat(unauthorised.err()).contains("Gerrit refused the credentials of user 'admin' (401 Unauthorized)")
                .doesNotContain("trying again", "not-the-password");
        assertThat(unknownChange.code()).isEqualTo(2);
        assertThat(unknownChange.err()).contains("Gerrit does not know change 99999 patch set 1", "404 Not Found");
        assertThat(closedChange.code()).isEqualTo(2);
        assertThat(closedChange.err()).contains("409 Conflict: change is closed").doesNotContain("trying again");
        assertThat(realdbMessages(detail(change))).isEmpty();
    }
}
