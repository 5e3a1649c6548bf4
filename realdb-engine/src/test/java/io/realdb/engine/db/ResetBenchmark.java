package io.realdb.engine.db;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: times, in a JVM of its own, what a run on a private server does instead of
 * restoring its seed, by the code a run uses ({@link SeedSnapshots#startPrivate}): check the
 * dataset's snapshot against its manifest, copy it, start {@code mariadbd} on the copy until it
 * answers, give root a password of its own and make the run's user. The clock starts before
 * that call, after the JVM has started and the dataset was read, and stops when the server is
 * ready for the run's first statement; stopping the server afterwards is not counted. The
 * snapshot must exist ({@code realdb dataset prepare}); a run that had to make it fails.
 *
 * <p>Arguments: {@code DATASET_DIR WORK_DIR}. {@code bench/reset.sh} runs it.
 */
public final class ResetBenchmark {

    private ResetBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ResetBenchmark DATASET_DIR WORK_DIR");
            System.exit(2);
        }
        Dataset dataset = new DatasetLoader().load(Path.of(args[0]));
        SeedSnapshots snapshots = DatabaseEngines.standard().get(dataset.engine()).snapshots().orElseThrow();
        List<String> notes = new ArrayList<>();
        RunDatabase run = new RunDatabase(dataset.database(), dataset.user(), dataset.password());

        long start = System.nanoTime();
        DatabaseServer server = snapshots.startPrivate(Path.of(args[1]), dataset.seed(), run, notes::add);
        long ready = System.nanoTime();
        server.close();

        notes.forEach(note -> System.out.println("  " + note));
        if (notes.stream().noneMatch(note -> note.startsWith("Reset from snapshot "))) {
            System.err.println("the run did not start from a snapshot: prepare it first (realdb dataset prepare)");
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "reset: %.3f s%n", (ready - start) / 1e9);
    }
}
