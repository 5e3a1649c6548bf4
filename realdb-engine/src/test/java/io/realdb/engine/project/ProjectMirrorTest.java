package io.realdb.engine.project;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectMirrorTest {

    private static final PersonIdent ME = new PersonIdent("test", "test@example.invalid");
    private static final String GERRIT_REF = "refs/changes/15/65615/3";

    @TempDir
    Path dir;

    private Path source;
    private Path home;
    private RevCommit trunk;
    private RevCommit feature;
    private RevCommit review;
    private int runs;

    @BeforeEach
    void createSourceRepository() throws Exception {
        home = dir.resolve("home");
        source = dir.resolve("source");
        try (Git git = Git.init().setDirectory(source.toFile()).setInitialBranch("master").call()) {
            trunk = commit(git, "a.txt", "trunk");
            git.tag().setName("v1").setAnnotated(true).setMessage("v1").setTagger(ME).call();
            git.checkout().setCreateBranch(true).setName("feature").call();
            feature = commit(git, "b.txt", "feature");
            git.checkout().setName("master").call();
            // A Gerrit patch set: on no branch, only under refs/changes/, which a clone does not bring.
            git.checkout().setCreateBranch(true).setName("tmp").call();
            review = commit(git, "c.txt", "review");
            git.checkout().setName("master").call();
            setRef(git, GERRIT_REF, review);
            git.branchDelete().setBranchNames("tmp").setForce(true).call();
        }
    }

    private static RevCommit commit(Git git, String file, String text) throws Exception {
        Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), text);
        git.add().addFilepattern(file).call();
        return git.commit().setMessage(text).setAuthor(ME).setCommitter(ME).setSign(false).call();
    }

    private static void setRef(Git git, String name, ObjectId id) throws Exception {
        RefUpdate update = git.getRepository().updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        assertThat(update.update()).isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED);
    }

    /** A run's checkout through the mirror in {@link #home}, in a working folder of its own. */
    private ProjectCheckout run(String project) {
        return ProjectCheckout.fromMirror(project, home, dir.resolve("work-" + (++runs)).resolve("project"));
    }

    private Path mirror() {
        return home.resolve(ProjectMirror.FOLDER).resolve(ProjectSource.parse(source.toString()).mirrorKey());
    }

    @Test
    void shouldReuseTheMirrorOnTheNextRunAndFetchOnlyWhatIsNew() throws Exception {
        Object inode;
        try (ProjectCheckout first = run(source.toString())) {
            first.checkout(first.resolve("master"));
            assertThat(first.timing().mirrorCreated()).isTrue();
            assertThat(first.timing().describe()).contains("Project mirror " + mirror() + " created");
            inode = Files.readAttributes(mirror(), BasicFileAttributes.class).fileKey();
        }
        assertThat(mirror().resolve(ProjectMirror.SOURCE_FILE)).hasContent(source.toRealPath().toUri().toString());
        RevCommit next;
        try (Git git = Git.open(source.toFile())) {
            next = commit(git, "d.txt", "next");
        }

        try (ProjectCheckout second = run(source.toString())) {
            ObjectId master = second.resolve("master");
            second.checkout(master);

            assertThat(master).isEqualTo(next.getId());
            assertThat(second.dir().resolve("d.txt")).hasContent("next");
            assertThat(second.timing().mirrorCreated()).isFalse();
            assertThat(second.timing().describe()).contains("Project mirror " + mirror() + " reused");
        }
        assertThat(Files.readAttributes(mirror(), BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(mirrorSiblings()).containsExactlyInAnyOrder(mirror().getFileName().toString(),
                mirror().getFileName() + ".lock");
    }

    private List<String> mirrorSiblings() throws Exception {
        try (Stream<Path> files = Files.list(mirror().getParent())) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    @Test
    void shouldResolveAForcePushedBranchAndTagToWhereTheyAreNow() throws Exception {
        try (ProjectCheckout first = run(source.toString())) {
            assertThat(first.resolve("feature")).isEqualTo(feature.getId());
            assertThat(first.resolve("v1")).isEqualTo(trunk.getId());
        }
        RevCommit rewritten;
        RevCommit retagged;
        try (Git git = Git.open(source.toFile())) {
            // feature is rewritten from trunk: its old commit is no ancestor of the new one.
            git.checkout().setName("feature").call();
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(trunk.getName()).call();
            rewritten = commit(git, "b.txt", "feature, rewritten");
            git.checkout().setName("master").call();
            retagged = commit(git, "e.txt", "retagged");
            git.tag().setName("v1").setAnnotated(true).setMessage("v1 again").setTagger(ME).setForceUpdate(true).call();
        }

        try (ProjectCheckout second = run(source.toString())) {
            ObjectId now = second.resolve("feature");
            second.checkout(now);

            assertThat(now).isEqualTo(rewritten.getId());
            assertThat(second.dir().resolve("b.txt")).hasContent("feature, rewritten");
            assertThat(second.resolve("v1")).isEqualTo(retagged.getId());
        }
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(mirror().toFile()).build()) {
            assertThat(mirror.exactRef("refs/heads/feature").getObjectId()).isEqualTo(rewritten.getId());
        }
    }

    @Test
    void shouldNotResolveABranchDeletedAtTheSourceFromTheMirror() throws Exception {
        try (ProjectCheckout first = run(source.toString())) {
            assertThat(first.resolve("feature")).isEqualTo(feature.getId());
        }
        try (Git git = Git.open(source.toFile())) {
            git.branchDelete().setBranchNames("feature").setForce(true).call();
        }

        try (ProjectCheckout second = run(source.toString())) {
            assertThatThrownBy(() -> second.resolve("feature"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("unknown ref 'feature'");
        }
    }

    @Test
    void shouldFetchAGerritRefIntoTheMirrorAndFindItsCommitThereNextTime() throws Exception {
        try (ProjectCheckout first = run(source.toString())) {
            ObjectId change = first.resolve(GERRIT_REF);
            first.checkout(change);

            assertThat(change).isEqualTo(review.getId());
            assertThat(first.dir().resolve("c.txt")).hasContent("review");
        }
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(mirror().toFile()).build()) {
            assertThat(mirror.exactRef(GERRIT_REF).getObjectId()).isEqualTo(review.getId());
        }
        // A CI that names the patch set by its commit: on no branch, but the mirror has it now.
        try (ProjectCheckout second = run(source.toString())) {
            ObjectId change = second.resolve(review.getName());
            second.checkout(change);

            assertThat(change).isEqualTo(review.getId());
            assertThat(second.dir().resolve("c.txt")).hasContent("review");
        }
    }

    @Test
    void shouldFetchByItsIdACommitThatOnlyAGerritRefHolds() throws Exception {
        try (ProjectCheckout checkout = run(source.toString())) {
            ObjectId change = checkout.resolve(review.getName());
            checkout.checkout(change);

            assertThat(change).isEqualTo(review.getId());
            assertThat(checkout.dir().resolve("c.txt")).hasContent("review");
        }
    }

    @Test
    void shouldGiveConcurrentRunsOfOneProjectEachItsOwnCorrectWorkingCopy() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                // Round 0 starts without a mirror: both runs want to make it.
                CyclicBarrier start = new CyclicBarrier(2);
                Future<String> onTrunk = pool.submit(concurrentRun(start, "master", trunk, "a.txt"));
                Future<String> onChange = pool.submit(concurrentRun(start, GERRIT_REF, review, "c.txt"));

                assertThat(onTrunk.get(60, TimeUnit.SECONDS)).isEqualTo("trunk");
                assertThat(onChange.get(60, TimeUnit.SECONDS)).isEqualTo("review");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mirrorSiblings()).containsExactlyInAnyOrder(mirror().getFileName().toString(),
                mirror().getFileName() + ".lock");
    }

    private Callable<String> concurrentRun(CyclicBarrier start, String ref, RevCommit expected, String file) {
        Path work;
        synchronized (this) {
            work = dir.resolve("work-" + (++runs)).resolve("project");
        }
        return () -> {
            start.await(30, TimeUnit.SECONDS);
            try (ProjectCheckout checkout = ProjectCheckout.fromMirror(source.toString(), home, work)) {
                ObjectId commit = checkout.resolve(ref);
                assertThat(commit).isEqualTo(expected.getId());
                checkout.checkout(commit);
                return Files.readString(checkout.dir().resolve(file));
            }
        };
    }

    @Test
    void shouldMakeAgainAMirrorThatAKilledRunLeftHalfMade() throws Exception {
        // A run killed in its first fetch, with the mirror's folder already there (as an older
        // realdb or a copy by hand might leave it) and its own stage beside it.
        Files.createDirectories(mirror().resolve("objects"));
        Files.writeString(mirror().resolve("HEAD"), "ref: refs/heads/master\n");
        Path stage = Files.createDirectories(mirror().resolveSibling(mirror().getFileName() + ".stage-killed"));
        Files.writeString(stage.resolve("config"), "[core]\n");

        try (ProjectCheckout checkout = run(source.toString())) {
            assertThat(checkout.timing().mirrorCreated()).isTrue();
            ObjectId master = checkout.resolve("master");
            checkout.checkout(master);
            assertThat(checkout.dir().resolve("a.txt")).hasContent("trunk");
        }
        assertThat(mirror().resolve(ProjectMirror.SOURCE_FILE)).exists();
        assertThat(stage).doesNotExist();
    }

    @Test
    void shouldMoveARefWhoseLockFileAKilledFetchLeft() throws Exception {
        try (ProjectCheckout first = run(source.toString())) {
            first.resolve("master");
        }
        Files.writeString(mirror().resolve("refs/heads/master.lock"), trunk.getName() + "\n");
        RevCommit next;
        try (Git git = Git.open(source.toFile())) {
            next = commit(git, "d.txt", "next");
        }

        try (ProjectCheckout second = run(source.toString())) {
            assertThat(second.resolve("master")).isEqualTo(next.getId());
        }
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(mirror().toFile()).build()) {
            assertThat(mirror.exactRef("refs/heads/master").getObjectId()).isEqualTo(next.getId());
        }
    }

    @Test
    void shouldLeaveNothingInTheMirrorWhenTheServerIsUnreachable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/project.git";

        assertThatThrownBy(() -> run(url))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("git clone of '" + url + "' failed");
        try (Stream<Path> files = Files.list(home.resolve(ProjectMirror.FOLDER))) {
            assertThat(files.map(file -> file.getFileName().toString())).allMatch(name -> name.endsWith(".lock"));
        }
    }

    @Test
    void shouldKeepAUrlsPasswordInMemoryOnlyNeverInTheMirror() throws Exception {
        try (Repository repository = new FileRepositoryBuilder().setWorkTree(source.toFile()).build();
             GitHttpServer server = new GitHttpServer(repository, "ci", "t0ken-Xq9")) {
            String url = server.url("ci", "t0ken-Xq9");
            for (int attempt = 0; attempt < 2; attempt++) {
                try (ProjectCheckout checkout = run(url)) {
                    assertThat(checkout.resolve("feature")).isEqualTo(feature.getId());
                    assertThat(checkout.resolve(GERRIT_REF)).isEqualTo(review.getId());
                    assertThat(checkout.timing().mirrorCreated()).isEqualTo(attempt == 0);
                    assertThat(checkout.dir().resolve(".git/config")).content().doesNotContain("t0ken-Xq9");
                }
            }
            Path mirror = home.resolve(ProjectMirror.FOLDER).resolve(ProjectSource.parse(url).mirrorKey());
            assertThat(mirror.resolve(ProjectMirror.SOURCE_FILE))
                    .hasContent("http://127.0.0.1:" + url.replaceAll(".*:(\\d+)/.*", "$1") + "/project.git");
            assertThat(ProjectSource.parse(url.replace("ci:t0ken-Xq9", "other:pw")).mirrorKey())
                    .isEqualTo(ProjectSource.parse(url).mirrorKey());
            try (Stream<Path> files = Files.walk(home)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                            .as(file.toString()).doesNotContain("t0ken-Xq9");
                }
            }
        }
    }

    @Test
    void shouldCallAServerGoneSinceItsMirrorWasMadeAnInfrastructureError() throws Exception {
        String url;
        try (Repository repository = new FileRepositoryBuilder().setWorkTree(source.toFile()).build();
             GitHttpServer server = new GitHttpServer(repository, "ci", "t0ken-Xq9")) {
            url = server.url("ci", "t0ken-Xq9");
            try (ProjectCheckout checkout = run(url)) {
                assertThat(checkout.resolve("master")).isEqualTo(trunk.getId());
            }
        }

        try (ProjectCheckout checkout = run(url)) {
            assertThatThrownBy(() -> checkout.resolve("master"))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("git fetch of 'refs/heads/master' from http://ci@127.0.0.1:")
                    .hasMessageNotContaining("t0ken-Xq9");
        }
    }

    @Test
    void shouldRepackAMirrorThatManyFetchesScattered() throws Exception {
        try (Git git = Git.open(source.toFile()); ProjectCheckout checkout = run(source.toString())) {
            for (int i = 0; i <= ProjectMirror.MAX_PACKS; i++) {
                RevCommit next = commit(git, "n.txt", "next " + i);
                assertThat(checkout.resolve("master")).isEqualTo(next.getId());
            }
        }
        assertThat(packs()).isGreaterThan(ProjectMirror.MAX_PACKS);

        try (ProjectCheckout checkout = run(source.toString())) {
            checkout.checkout(checkout.resolve("feature"));
            assertThat(checkout.dir().resolve("b.txt")).hasContent("feature");
        }
        assertThat(packs()).isLessThanOrEqualTo(2);
    }

    private long packs() throws Exception {
        try (Stream<Path> files = Files.list(mirror().resolve("objects/pack"))) {
            return files.filter(file -> file.toString().endsWith(".pack")).count();
        }
    }

    @Test
    void shouldLeaveNoMirrorBehindACheckoutOfItsOwn() throws Exception {
        Path clone = dir.resolve("own").resolve("project");
        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(source.toString(), clone)) {
            assertThat(checkout.resolve(GERRIT_REF)).isEqualTo(review.getId());
            assertThat(checkout.timing().shared()).isFalse();
        }
        try (Stream<Path> files = Files.list(clone.getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("project");
        }
        assertThat(home).doesNotExist();
    }

    @Test
    void shouldCopyTheMirrorsObjectsSoThatAWorkingCopyCannotChangeThem() throws Exception {
        try (ProjectCheckout checkout = run(source.toString())) {
            checkout.checkout(checkout.resolve("master"));
            List<Path> copied = new ArrayList<>();
            try (Stream<Path> files = Files.walk(checkout.dir().resolve(".git/objects"))) {
                files.filter(Files::isRegularFile).forEach(copied::add);
            }
            assertThat(copied).isNotEmpty();
            for (Path file : copied) {
                Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                Path inMirror = mirror().resolve("objects").resolve(checkout.dir().resolve(".git/objects").relativize(file));
                if (Files.exists(inMirror)) {
                    assertThat(Files.readAttributes(inMirror, BasicFileAttributes.class).fileKey()).isNotEqualTo(key);
                }
            }
            assertThat(checkout.dir().resolve(".git/objects/info/alternates")).doesNotExist();
            assertThat(checkout.dir().resolve(".git/config")).content().doesNotContain(mirror().toString());
        }
    }
}
