package io.realdb.cli;

import io.realdb.engine.runner.RunOutcome;
import io.realdb.engine.runner.RunRequest;
import io.realdb.engine.runner.UpgradeJob;
import io.realdb.report.ConsoleReport;

import java.io.PrintWriter;

/** Runs the job and prints what a user needs to see afterwards; shared by run and demo. */
final class Runs {

    private Runs() {
    }

    /** @return the exit code of the run's verdict */
    static int runAndReport(RunRequest request, boolean quiet, PrintWriter out, PrintWriter err) {
        RunOutcome outcome = new UpgradeJob(quiet ? line -> { } : err::println).run(request);
        out.print(ConsoleReport.render(outcome.result()));
        out.println("Log:    " + outcome.log());
        out.println("Result: " + outcome.resultFile());
        return outcome.result().verdict().exitCode();
    }
}
