package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.history.HistoryDialects;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.regression.RegressionCheck;
import io.realdb.report.Publisher;
import io.realdb.report.ReviewMessage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command publishes besides its result: the run recorded in the history, report.html,
 * junit.xml and the review message file. Trouble with the history is a warning; the verdict stands.
 */
final class PublishOptions {

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--no-history", description = "Neither record the run in the history nor read trends from it.")
    boolean noHistory;

    @Option(names = "--build-id", paramLabel = "ID", defaultValue = "${env:BUILD_NUMBER}",
            description = "The CI build's id, kept with the run in the history. Default: $BUILD_NUMBER (Jenkins).")
    String buildId;

    @Option(names = "--build-url", paramLabel = "URL", defaultValue = "${env:BUILD_URL}",
            description = "The CI build's address, linked from the report. Default: $BUILD_URL (Jenkins).")
    String buildUrl;

    @Option(names = "--report-url", paramLabel = "URL",
            description = "Where report.html will be published; the review message links it.")
    String reportUrl;

    @Option(names = "--job-name", paramLabel = "NAME", defaultValue = ReviewMessage.DEFAULT_JOB,
            description = "The job's name at the start of each review message line. Default: ${DEFAULT-VALUE}.")
    String jobName = ReviewMessage.DEFAULT_JOB;

    @Option(names = "--trend-runs", paramLabel = "N", defaultValue = "" + Publisher.DEFAULT_TREND_RUNS,
            description = "How many of a dataset's latest runs its trend charts show. Default: ${DEFAULT-VALUE}.")
    int trendRuns = Publisher.DEFAULT_TREND_RUNS;

    /**
     * Checks the options before any work: a history URL no dialect serves, or one holding a
     * password, is bad input said at once, not after a run of an hour.
     */
    void check(Function<String, String> environment) {
        if (trendRuns < 1) {
            throw new BadInputException("--trend-runs must be at least 1, not " + trendRuns);
        }
        if (!noHistory) {
            HistoryDialects.forUrl(history.location(environment).url());
        }
    }

    /** Records (when asked) and writes the files; prints where they are. */
    Publisher.Publication publish(List<RunResult> results, Map<String, Limits> limits, Path outDir, boolean record,
                                  PrintWriter out, PrintWriter err, Function<String, String> environment) {
        try (Session session = session(out, err, environment)) {
            return session.publish(results, limits, outDir, record);
        }
    }

    /** A session on the history these options name, or on none with --no-history. */
    Session session(PrintWriter out, PrintWriter err, Function<String, String> environment) {
        if (trendRuns < 1) {
            throw new BadInputException("--trend-runs must be at least 1, not " + trendRuns);
        }
        return new Session(noHistory ? null : history.location(environment), this, out, err);
    }

    /**
     * What a run does with the history after it ran: compare the run with its dataset's earlier
     * runs, then record it and publish. The history is opened when first needed, so that a run does
     * not hold it (H2 lets one process at a time open its file) while the migrations run, and it
     * is closed with the session. Trouble with the history is a warning: the verdict stands.
     */
    static final class Session implements AutoCloseable {

        private final HistoryLocation location;
        private final PublishOptions options;
        private final PrintWriter out;
        private final PrintWriter err;
        private HistoryStore store;
        private boolean opened;

        /** @param location the history, or null for none */
        Session(HistoryLocation location, PublishOptions options, PrintWriter out, PrintWriter err) {
            this.location = location;
            this.options = options;
            this.out = out;
            this.err = err;
        }

        /** The history, opened on first use; null when there is none or it cannot be opened. */
        HistoryStore history() {
            if (!opened && location != null) {
                opened = true;
                try {
                    store = HistoryStores.open(location);
                } catch (InfrastructureException e) {
                    err.println("realdb: warning: no history this time: " + e.getMessage());
                }
            }
            return store;
        }

        /**
         * The result with what its dataset's earlier runs say of it: a warning for each step far above
         * its own recent runs. The result itself without a history.
         */
        RunResult judge(RunResult result, Limits limits) {
            HistoryStore history = history();
            if (history == null) {
                return result;
            }
            try {
                return RegressionCheck.apply(result, limits, history);
            } catch (InfrastructureException e) {
                err.println("realdb: warning: the run was not compared with its earlier runs: " + e.getMessage());
                return result;
            }
        }

        /** Records (when asked) and writes the files; prints where they are. */
        Publisher.Publication publish(List<RunResult> results, Map<String, Limits> limits, Path outDir, boolean record) {
            HistoryStore history = history();
            Publisher.Request request = Publisher.Request.of(results, outDir)
                    .withLimits(limits)
                    .withBuild(options.buildId, options.buildUrl)
                    .withReview(options.jobName, options.reportUrl)
                    .recording(record)
                    .withTrends(options.trendRuns, Publisher.DEFAULT_MAX_POINTS, Publisher.DEFAULT_PAGE_SIZE);
            Publisher.Publication publication = new Publisher(history).publish(request);
            publication.warnings().forEach(w -> err.println("realdb: warning: " + w));
            for (var recorded : publication.recorded()) {
                out.println("History: " + (recorded.added() ? "recorded as run " : "already held as run ")
                        + recorded.id() + " in " + history.describe());
            }
            out.println("Report: " + publication.report());
            out.println("JUnit:  " + publication.junit());
            out.println("Review: " + publication.reviewMessage());
            return publication;
        }

        @Override
        public void close() {
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }
}
