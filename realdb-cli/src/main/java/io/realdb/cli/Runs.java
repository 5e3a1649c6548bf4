package io.realdb.cli;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.log.SecretScanner;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.review.VerdictRule;
import io.realdb.engine.runner.RunOutcome;
import io.realdb.engine.runner.RunRequest;
import io.realdb.engine.runner.UpgradeJob;
import io.realdb.report.ConsoleReport;
import io.realdb.report.html.HtmlReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Runs the job and prints what a user needs to see afterwards; shared by run and demo. */
final class Runs {

    static final String UNSAFE = ".unsafe";

    /**
     * Removes what an earlier run published in {@code out}: a run that stops on bad input must not
     * leave the last run's report, junit.xml or SUCCESS message behind as if they were its own.
     */
    static void clearPublished(java.nio.file.Path out) {
        if (!java.nio.file.Files.isDirectory(out)) {
            return;
        }
        List<String> names = new java.util.ArrayList<>(List.of(io.realdb.report.html.HtmlReport.FILE_NAME,
                io.realdb.report.junit.JUnitReport.FILE_NAME, io.realdb.report.ReviewMessage.FILE_NAME,
                io.realdb.engine.model.ResultJson.FILE_NAME, io.realdb.engine.runner.UpgradeJob.LOG_FILE));
        names.addAll(names.stream().map(name -> name + UNSAFE).toList());
        for (String name : names) {
            try {
                java.nio.file.Files.deleteIfExists(out.resolve(name));
            } catch (java.io.IOException e) {
                throw new io.realdb.engine.BadInputException("cannot remove the earlier run's " + out.resolve(name)
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private Runs() {
    }

    /**
     * Moves the flagged files, and the result whose messages may quote them, out of the names
     * that publishers and {@code realdb vote} read.
     */
    private static void quarantine(List<SecretScanner.Hit> hits, RunOutcome outcome) {
        Set<Path> files = new TreeSet<>();
        hits.forEach(hit -> files.add(hit.file()));
        files.add(outcome.resultFile());
        for (Path file : files) {
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + UNSAFE), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new InfrastructureException("cannot set aside " + file + ", which holds what looks like a "
                        + "credential: remove it before publishing (" + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * Writes bad input found before the run could start (a dataset that does not load) into the
     * run's log, where a CI's reader looks, as well as to the console.
     */
    static void logBadInput(java.nio.file.Path out, io.realdb.engine.BadInputException e) {
        try (io.realdb.engine.log.RunLog log = io.realdb.engine.log.RunLog.create(
                out.resolve(io.realdb.engine.runner.UpgradeJob.LOG_FILE), io.realdb.engine.log.Sanitizer.standard(), null)) {
            log.note("Bad input: " + e.getMessage());
        } catch (RuntimeException ignored) {
            // The output folder itself may be what is wrong; the console has the message.
        }
    }

    /** What happens after the job ran, before its output folder is checked for secrets. */
    interface AfterRun {
        /** The result with what the history says of it (regressions), or the result itself. */
        RunResult judge(RunResult result);

        /** Writes what else goes into the output folder: report, JUnit file, review message. */
        void publish(RunResult result);
    }

    /**
     * Runs the job, has {@code after} judge its result against the history (writing result.json
     * again when that added findings), prints the table, has {@code after} publish, and checks the
     * output folder for secrets before calling it ready to publish.
     *
     * @return the exit code of the run's verdict, or 3 when the folder is not safe to publish
     */
    static int runAndReport(RunRequest request, boolean quiet, PrintWriter out, PrintWriter err, AfterRun after) {
        RunOutcome outcome = new UpgradeJob(quiet ? line -> { } : err::println).run(request);
        RunResult result = after.judge(outcome.result());
        if (!result.equals(outcome.result())) {
            ResultJson.write(result, outcome.resultFile());
        }
        out.print(ConsoleReport.render(result));
        out.println("Log:    " + outcome.log());
        out.println("Result: " + outcome.resultFile());
        after.publish(result);
        List<SecretScanner.Hit> hits = new SecretScanner(request.allSecrets())
                .trusting(HtmlReport.shippedCode()).scan(request.outDir());
        if (!hits.isEmpty()) {
            hits.forEach(hit -> err.println("realdb: " + hit));
            quarantine(hits, outcome);
            err.println("realdb: infrastructure error (not the change's fault): the results folder " + request.outDir()
                    + " still held what looks like a credential; the files concerned and result.json were renamed to "
                    + "*" + UNSAFE + " so that nothing publishes or votes on them");
            return VerdictRule.EXIT_INFRASTRUCTURE;
        }
        out.println("Checked: " + request.outDir() + " holds no credentials; ready to publish");
        return VerdictRule.exitCode(result.verdict());
    }
}
