package io.realdb.engine.project;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectCheckoutTest {

    private static final PersonIdent ME = new PersonIdent("test", "test@example.invalid");

    @TempDir
    Path dir;

    private Path source;
    private RevCommit trunk;
    private RevCommit feature;
    private RevCommit review;

    @BeforeEach
    void createSourceRepository() throws Exception {
        source = dir.resolve("source");
        try (Git git = Git.init().setDirectory(source.toFile()).setInitialBranch("master").call()) {
            trunk = commit(git, "a.txt", "trunk");
            git.tag().setName("v1").setAnnotated(true).setMessage("v1").setTagger(ME).call();
            git.checkout().setCreateBranch(true).setName("feature").call();
            feature = commit(git, "b.txt", "feature");
            git.checkout().setName("master").call();
            // A Gerrit patch set lives under refs/changes/, which a clone does not bring.
            git.checkout().setCreateBranch(true).setName("tmp").call();
            review = commit(git, "c.txt", "review");
            git.checkout().setName("master").call();
            RefUpdate update = git.getRepository().updateRef("refs/changes/15/65615/3");
            update.setNewObjectId(review);
            assertThat(update.update()).isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED);
            git.branchDelete().setBranchNames("tmp").setForce(true).call();
        }
    }

    private static RevCommit commit(Git git, String file, String text) throws Exception {
        Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), text);
        git.add().addFilepattern(file).call();
        return git.commit().setMessage(text).setAuthor(ME).setCommitter(ME).setSign(false).call();
    }

    @Test
    void shouldResolveBranchesTagsCommitsAndGerritRefs() {
        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(source.toString(), dir.resolve("clone"))) {
            assertThat(checkout.resolve("master")).isEqualTo(trunk.getId());
            assertThat(checkout.resolve("feature")).isEqualTo(feature.getId());
            assertThat(checkout.resolve("v1")).isEqualTo(trunk.getId());
            assertThat(checkout.resolve(feature.getName())).isEqualTo(feature.getId());
            assertThat(checkout.resolve(feature.getName().substring(0, 10))).isEqualTo(feature.getId());
            assertThat(checkout.resolve("refs/changes/15/65615/3")).isEqualTo(review.getId());
        }
    }

    @Test
    void shouldFindWhatACiWorkspaceLacksOnTheWorkspacesOwnOrigin() throws Exception {
        // A CI workspace: a clone on a detached head, with trunk only as a remote-tracking branch
        // and the Gerrit ref not fetched at all.
        Path workspace = dir.resolve("workspace");
        try (Git git = Git.cloneRepository().setURI(source.toUri().toString()).setDirectory(workspace.toFile()).call()) {
            git.checkout().setName(trunk.getName()).call();
            git.branchDelete().setBranchNames("master").setForce(true).call();
        }

        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(workspace.toString(), dir.resolve("clone"))) {
            assertThat(checkout.resolve("master")).isEqualTo(trunk.getId());
            assertThat(checkout.resolve("refs/changes/15/65615/3")).isEqualTo(review.getId());
            assertThatThrownBy(() -> checkout.resolve("refs/changes/99/99/1"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("unknown ref 'refs/changes/99/99/1'");
        }
    }

    @Test
    void shouldCheckOutEachCommitsFilesOnly() {
        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(source.toString(), dir.resolve("clone"))) {
            checkout.checkout(checkout.resolve("feature"));
            assertThat(checkout.dir().resolve("b.txt")).exists();

            checkout.checkout(checkout.resolve("master"));
            assertThat(checkout.dir().resolve("a.txt")).hasContent("trunk");
            assertThat(checkout.dir().resolve("b.txt")).doesNotExist();
        }
    }

    @Test
    void shouldCloneFromAUrl() {
        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(source.toUri().toString(), dir.resolve("clone"))) {
            assertThat(checkout.resolve("feature")).isEqualTo(feature.getId());
        }
    }

    @Test
    void shouldReportAnUnknownRefAsBadInput() {
        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(source.toString(), dir.resolve("clone"))) {
            assertThatThrownBy(() -> checkout.resolve("no-such-branch"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("unknown ref 'no-such-branch'");
            assertThatThrownBy(() -> checkout.resolve("refs/changes/99/99/1"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("unknown ref 'refs/changes/99/99/1'");
            assertThatThrownBy(() -> checkout.resolve(ObjectId.zeroId().getName()))
                    .isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void shouldReportAMissingProjectFolderAsBadInput() {
        assertThatThrownBy(() -> ProjectCheckout.cloneFrom(dir.resolve("missing").toString(), dir.resolve("clone")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldReportAFolderThatIsNoRepositoryAsBadInput() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));

        assertThatThrownBy(() -> ProjectCheckout.cloneFrom(plain.toString(), dir.resolve("clone")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not a git repository");
    }

    @Test
    void shouldKeepAUrlsPasswordOutOfMessagesAndOutOfTheCheckout() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path clone = dir.resolve("clone");

        assertThatThrownBy(() -> ProjectCheckout.cloneFrom("http://ci:t0ken-Xq9@127.0.0.1:" + closedPort + "/p.git", clone))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageNotContaining("t0ken-Xq9")
                .hasMessageContaining("http://ci@127.0.0.1:" + closedPort + "/p.git");
        assertThat(Files.readString(clone.resolve(".git/config"))).doesNotContain("t0ken-Xq9").contains("ci@127.0.0.1");
    }

    @Test
    void shouldReportAnUnreachableRemoteAsInfrastructure() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/project.git";

        assertThatThrownBy(() -> ProjectCheckout.cloneFrom(url, dir.resolve("clone")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("git clone of '" + url + "' failed");
    }

    @Test
    void shouldGiveUpOnAGitServerThatAcceptsAndNeverAnswers() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // Closed at the test's end.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/project.git";

            assertThatThrownBy(() -> ProjectCheckout.cloneFrom(url, dir.resolve("clone"), 2))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("git clone of '" + url + "' failed");
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void shouldCheckOutALinkAsAFileHoldingItsTextSoThatNothingOutsideIsRead() throws Exception {
        Path secret = java.nio.file.Files.writeString(dir.resolve("secret.txt"), "not-for-the-change-7Qx");
        Path source = dir.resolve("linked");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(source.toFile())
                .setInitialBranch("master").call()) {
            java.nio.file.Files.createDirectories(source.resolve("migrations"));
            java.nio.file.Files.createSymbolicLink(source.resolve("migrations/0002_leak.up.sql"), secret);
            git.add().addFilepattern(".").call();
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("t", "t@example.invalid");
            git.commit().setMessage("link").setAuthor(who).setCommitter(who).setSign(false).call();
        }

        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(source.toString(), dir.resolve("clone"))) {
            checkout.checkout(checkout.resolve("master"));
            Path file = checkout.dir().resolve("migrations/0002_leak.up.sql");

            assertThat(java.nio.file.Files.isSymbolicLink(file)).isFalse();
            assertThat(java.nio.file.Files.readString(file)).isEqualTo(secret.toString()).doesNotContain("7Qx");
        }
    }
}
