package io.realdb.cli;

import io.realdb.engine.review.VerdictRule;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.db.DatabaseEngines;
import io.realdb.engine.db.SeedListener;
import io.realdb.engine.db.SeedRestorer;
import io.realdb.engine.db.snapshot.SnapshotStore;
import io.realdb.engine.runner.DatasetPreparation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;

@Command(name = "prepare",
        description = "Restores the dataset's seed once into a private server and keeps the data directory as the "
                + "snapshot that later runs on a private server start from, instead of restoring the seed "
                + "(for a CI agent's image, say). When a snapshot that matches its manifest is there already, "
                + "says so. Prints where the snapshot is.")
final class DatasetPrepareCommand extends AbstractCommand {

    @Parameters(paramLabel = "DIR", description = "The dataset folder: config.json and the seed.")
    Path dataset;

    @Option(names = "--engine", paramLabel = "ID",
            description = "mariadb (also mysql, percona). Default: the dataset's type.")
    String engine;

    @Override
    protected int execute() {
        DatasetLoader loader = new DatasetLoader();
        Dataset loaded = loader.load(dataset);
        loader.warnings().forEach(w -> err().println("realdb: warning: " + w));
        long start = System.nanoTime();
        SnapshotStore.Use use = DatasetPreparation.prepare(loaded,
                DatabaseEngines.standard().get(engine != null ? engine : loaded.engine()), new Console());
        SnapshotStore.Snapshot snapshot = use.snapshot();
        out().println("Snapshot " + snapshot.key().shortId() + " of dataset " + loaded.name() + ": " + snapshot.folder());
        out().println(use.made()
                ? String.format(Locale.ROOT, "Made in %.1f s (%,.0f MB).", (System.nanoTime() - start) / 1e9,
                        snapshot.manifest().bytes() / 1e6)
                : String.format(Locale.ROOT, "It was there already and matches its manifest (%,.0f MB checked in %.2f s).",
                        snapshot.manifest().bytes() / 1e6, use.checked().toNanos() / 1e9));
        return VerdictRule.EXIT_PASS;
    }

    /** Progress on the error stream, as a run prints its log. */
    private final class Console implements SeedListener {

        @Override
        public void note(String text) {
            err().println(text);
        }

        @Override
        public void restoring(SeedRestorer.Progress progress, long rows) {
            err().println(String.format(Locale.ROOT, "Restoring: %3.0f%% (%,d statements, %,d rows, %,.0f rows/s)",
                    progress.fraction() * 100, progress.statements(), rows, perSecond(rows, progress)));
        }

        @Override
        public void restored(SeedRestorer.Progress done, long rows) {
            err().println(String.format(Locale.ROOT, "Seed restored: %,d statements, %,d rows in %.1f s (%,.0f rows/s)",
                    done.statements(), rows, done.elapsed().toNanos() / 1e9, perSecond(rows, done)));
        }

        private static double perSecond(long rows, SeedRestorer.Progress progress) {
            double seconds = progress.elapsed().toNanos() / 1e9;
            return seconds > 0 ? rows / seconds : 0;
        }
    }
}
