package io.realdb.report;

import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.review.CombinedVerdict;
import io.realdb.engine.review.DatasetVerdict;

import java.util.List;
import java.util.function.Function;

/**
 * The verdict of one dataset as a review reads it, in the spirit of turbo-hipster's:
 * {@code real-db-upgrade nova_mysql_user_001 FAILURE - Migration 151->152 took too long (412 s > 333 s) during
 * upgrade-change in 14m 52s}. A finding repeated in several phases counts once, with its phases. Where the
 * steps were probed, the line ends with their longest blocks: {@code ; longest blocks: writes 18.2 s at 3->4,
 * reads 1.2 s at 3->4}.
 */
public final class ReviewMessage {

    public static final String DEFAULT_JOB = "real-db-upgrade";

    /** The file a CI hands to the review (Gerrit Trigger's "unsuccessful message file"). */
    public static final String FILE_NAME = "review-message.txt";

    private ReviewMessage() {
    }

    /**
     * One line for one dataset.
     *
     * @param job       the job's name at the start of the line
     * @param reportUrl where the report is, or null
     */
    public static String line(String job, RunResult result, String reportUrl) {
        StringBuilder line = new StringBuilder(job).append(' ')
                .append(result.dataset() == null ? "dataset" : result.dataset()).append(' ')
                .append(word(result));
        // Repeats of a finding in another phase are one finding, named with its phases.
        List<FindingGroup> findings = FindingGroup.of(result.findings());
        FindingGroup first = findings.stream().filter(f -> f.severity() == Severity.ERROR).findFirst()
                .or(() -> findings.stream().filter(f -> f.severity() == Severity.FAILURE).findFirst())
                .or(() -> findings.stream().findFirst())
                .orElse(null);
        if (first != null) {
            line.append(" - ").append(first.text());
            long more = findings.size() - 1;
            if (more > 0) {
                line.append(" (and ").append(more).append(more == 1 ? " more finding)" : " more findings)");
            }
        }
        String blocks = ImpactText.longest(result);
        if (blocks != null) {
            line.append(first == null ? " - " : "; ").append(blocks);
        }
        if (result.durationMs() != null) {
            line.append(" in ").append(Durations.format(result.durationMs()));
        }
        if (reportUrl != null && !reportUrl.isBlank()) {
            line.append(" : ").append(reportUrl);
        }
        return line.toString();
    }

    /** The review message file's text: one line per dataset. */
    public static String lines(String job, List<RunResult> results, String reportUrl) {
        StringBuilder text = new StringBuilder();
        for (RunResult result : results) {
            text.append(line(job, result, reportUrl)).append('\n');
        }
        return text.toString();
    }

    /** The word a review shows for a verdict; an error says whose fault it is not. */
    public static String word(RunResult result) {
        return switch (result.verdict()) {
            case PASS -> "SUCCESS";
            case FAIL -> "FAILURE";
            case WARN -> "WARNING";
            case ERROR -> "ERROR (infrastructure, not the change)";
        };
    }

    /**
     * The review of one patch set over several datasets, the way Zuul's summary read: a first line
     * with the combined verdict, then one line per dataset, non-voting ones marked.
     *
     * @param reportUrl where each dataset's report is, or null
     */
    public static String summary(String job, List<DatasetVerdict> datasets, Function<DatasetVerdict, String> reportUrl) {
        StringBuilder message = new StringBuilder(headline(CombinedVerdict.of(datasets))).append("\n\n");
        for (DatasetVerdict dataset : datasets) {
            message.append("- ").append(line(job, dataset.result(), reportUrl.apply(dataset)));
            if (!dataset.voting()) {
                message.append(" (non-voting)");
            }
            message.append('\n');
        }
        return message.toString();
    }

    /** The first line of a review: what the voting datasets say together. */
    public static String headline(CombinedVerdict combined) {
        if (!combined.votes()) {
            return "realdb: only non-voting datasets ran; no vote.";
        }
        return switch (combined.verdict()) {
            case PASS -> "realdb: the migrations passed on " + datasets(combined.voting()) + ".";
            case WARN -> "realdb: the migrations passed on " + datasets(combined.voting()) + ", with warnings on "
                    + combined.warned() + ".";
            case FAIL -> "realdb: the migrations failed on " + combined.failed() + " of " + datasets(combined.voting())
                    + (combined.errored() > 0 ? " (" + combined.errored() + " could not run)" : "") + ".";
            case ERROR -> "realdb: no verdict: " + combined.errored() + " of " + datasets(combined.voting())
                    + " could not run, for reasons that are not the change's fault.";
        };
    }

    private static String datasets(int count) {
        return count == 1 ? "1 voting dataset" : count + " voting datasets";
    }
}
