package io.realdb.engine.runner;

import io.realdb.engine.db.SeedListener;
import io.realdb.engine.db.SeedRestorer;
import io.realdb.engine.log.RunLog;

import java.util.Locale;

/** The run log's lines about the seed: its restore's progress, and what a server's snapshots did. */
final class SeedLog implements SeedListener {

    private final RunLog log;

    SeedLog(RunLog log) {
        this.log = log;
    }

    @Override
    public void note(String text) {
        log.note(text);
    }

    @Override
    public void restoring(SeedRestorer.Progress progress, long rows) {
        log.note(restoring(progress));
    }

    @Override
    public void restored(SeedRestorer.Progress done, long rows) {
        log.note(restored(done));
    }

    static String restoring(SeedRestorer.Progress progress) {
        return String.format(Locale.ROOT, "Restoring: %.0f%% (%,d statements)", progress.fraction() * 100,
                progress.statements());
    }

    static String restored(SeedRestorer.Progress done) {
        return String.format(Locale.ROOT, "Seed restored: %,d statements in %.1f s", done.statements(),
                done.elapsed().toMillis() / 1000.0);
    }
}
