package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.history.HistoryDialects;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RunResult;
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
    String jobName;

    @Option(names = "--trend-runs", paramLabel = "N", defaultValue = "" + Publisher.DEFAULT_TREND_RUNS,
            description = "How many of a dataset's latest runs its trend charts show. Default: ${DEFAULT-VALUE}.")
    int trendRuns;

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
        if (trendRuns < 1) {
            throw new BadInputException("--trend-runs must be at least 1, not " + trendRuns);
        }
        HistoryStore store = null;
        if (!noHistory) {
            try {
                store = HistoryStores.open(history.location(environment));
            } catch (InfrastructureException e) {
                err.println("realdb: warning: no history this time: " + e.getMessage());
            }
        }
        try {
            Publisher.Request request = Publisher.Request.of(results, outDir)
                    .withLimits(limits)
                    .withBuild(buildId, buildUrl)
                    .withReview(jobName, reportUrl)
                    .recording(record)
                    .withTrends(trendRuns, Publisher.DEFAULT_MAX_POINTS, Publisher.DEFAULT_PAGE_SIZE);
            Publisher.Publication publication = new Publisher(store).publish(request);
            publication.warnings().forEach(w -> err.println("realdb: warning: " + w));
            for (var recorded : publication.recorded()) {
                out.println("History: " + (recorded.added() ? "recorded as run " : "already held as run ")
                        + recorded.id() + " in " + store.describe());
            }
            out.println("Report: " + publication.report());
            out.println("JUnit:  " + publication.junit());
            out.println("Review: " + publication.reviewMessage());
            return publication;
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }
}
