package io.realdb.engine.project;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Not a test: times a run's checkout of a project of some thousand files (default 4,000, about
 * 3 kB each, with some history and a change branch): the way runs did it before mirrors (a clone
 * into the run's folder), then through a mirror in a new home (cold: the mirror is made) and
 * again with the mirror there (warm), from a local folder and over HTTP on loopback.
 *
 * <p>Arguments: {@code [files]}.
 */
public final class CheckoutBenchmark {

    private static final PersonIdent ME = new PersonIdent("bench", "bench@example.invalid");
    private static final String[] WORDS = {"def", "return", "self", "import", "session", "query", "filter",
        "instance", "column", "table", "migrate", "upgrade", "downgrade", "index", "None", "True", "values",
        "sqlalchemy", "op.add_column", "batch_op", "nullable=False", "String(255)", "Integer", "#", "if", "for"};
    private static final int HISTORY = 20;
    private static final int WARM_RUNS = 3;

    private CheckoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        Path work = Files.createTempDirectory("realdb-checkout-bench");
        try {
            Path source = work.resolve("source");
            long start = System.nanoTime();
            createProject(source, files);
            System.out.printf(Locale.ROOT, "project: %,d files, %,d commits on master and a change branch, made in %.1f s%n",
                    files, HISTORY + 1, seconds(System.nanoTime() - start));
            bench("local folder", source.toString(), work.resolve("local"));
            try (Repository repository = new FileRepositoryBuilder().setWorkTree(source.toFile()).build();
                 GitHttpServer server = new GitHttpServer(repository, "bench", "bench-pw")) {
                bench("HTTP (loopback)", server.url("bench", "bench-pw"), work.resolve("http"));
            }
        } finally {
            FileUtils.delete(work.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        }
    }

    private static void createProject(Path source, int files) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        try (Git git = Git.init().setDirectory(source.toFile()).setInitialBranch("master").call()) {
            for (int i = 0; i < files; i++) {
                write(source.resolve(String.format(Locale.ROOT, "pkg%02d/module_%04d.py", i % 40, i)), random);
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("initial").setAuthor(ME).setCommitter(ME).setSign(false).call();
            // Some history: each commit rewrites a few dozen files.
            for (int c = 1; c < HISTORY; c++) {
                for (int j = 0; j < 50; j++) {
                    int i = random.nextInt(files);
                    write(source.resolve(String.format(Locale.ROOT, "pkg%02d/module_%04d.py", i % 40, i)), random);
                }
                git.add().addFilepattern(".").call();
                git.commit().setMessage("history " + c).setAuthor(ME).setCommitter(ME).setSign(false).call();
            }
            git.checkout().setCreateBranch(true).setName("change").call();
            write(source.resolve("migrations/0002_change.up.sql"), random);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("change").setAuthor(ME).setCommitter(ME).setSign(false).call();
            git.checkout().setName("master").call();
        }
    }

    private static void write(Path file, SplittableRandom random) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.length() < 3000) {
            for (int w = 0; w < 10; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            text.append(random.nextInt(100_000)).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void bench(String label, String project, Path work) throws Exception {
        System.out.println(label + ":");
        long start = System.nanoTime();
        cloneAsBefore(project, work.resolve("before"));
        System.out.printf(Locale.ROOT, "  clone as before mirrors   %6.2f s%n", seconds(System.nanoTime() - start));

        Path home = work.resolve("home");
        run("cold (mirror made)", project, home, work.resolve("cold"));
        for (int i = 1; i <= WARM_RUNS; i++) {
            run("warm (mirror reused) " + i, project, home, work.resolve("warm-" + i));
        }
    }

    /** What a run did before mirrors: every branch and tag fetched into its own folder, then checked out. */
    private static void cloneAsBefore(String project, Path dir) throws Exception {
        ProjectSource source = ProjectSource.parse(project);
        try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
            git.fetch().setRemote(source.uri()).setCredentialsProvider(source.credentials())
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                    .call();
            Repository repository = git.getRepository();
            ObjectId trunk = repository.resolve("refs/remotes/origin/master");
            ObjectId change = repository.resolve("refs/remotes/origin/change");
            git.checkout().setName(trunk.name()).setForced(true).call();
            git.checkout().setName(change.name()).setForced(true).call();
        }
    }

    private static void run(String label, String project, Path home, Path work) {
        long start = System.nanoTime();
        try (ProjectCheckout checkout = ProjectCheckout.fromMirror(project, home, work.resolve("project"))) {
            ObjectId trunk = checkout.resolve("master");
            ObjectId change = checkout.resolve("change");
            checkout.checkout(trunk);
            checkout.checkout(change);
            ProjectCheckout.Timing timing = checkout.timing();
            System.out.printf(Locale.ROOT, "  %-26s%6.2f s  (fetch %.2f s, copy %.2f s, checkout %.2f s)%n", label,
                    seconds(System.nanoTime() - start), seconds(timing.fetch().toNanos()), seconds(timing.copy().toNanos()),
                    seconds(timing.checkout().toNanos()));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
