package io.realdb.cli;

import io.realdb.cli.demo.DemoHistory;
import io.realdb.cli.demo.DemoWorkspace;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.review.VerdictRule;
import io.realdb.engine.runner.RunRequest;
import io.realdb.engine.runner.ServerSpec;
import io.realdb.engine.runner.ToolEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Command(name = "demo",
        description = "Runs the whole job on a bundled sample: a private MariaDB server, a 250,000-row dataset, "
                + "and a sample project whose change rewrites a big table and copies it, blocking writes. "
                + "Needs no server and no config. "
                + "Writes report.html (with trends over a generated sample history of its own, in DIR/history; "
                + "your own history is never touched), junit.xml and the review message into DIR. "
                + "Exits 0 when the demonstration ran; the verdict it prints is the demo change's.")
final class DemoCommand extends AbstractCommand {

    @Option(names = "--out", defaultValue = "realdb-demo", paramLabel = "DIR",
            description = "Where the demo's inputs, log, result, report and history go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--engine", defaultValue = "mariadb", paramLabel = "ID",
            description = "The database engine of the private server: mariadb or postgresql (the machine's own "
                    + "PostgreSQL programs). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the log while the run goes on.")
    boolean quiet;

    @Option(names = "--inputs-only",
            description = "Only lay out the sample project and dataset in DIR/inputs and print how to run them: "
                    + "for trying 'realdb run' or the Jenkins step on them.")
    boolean inputsOnly;

    @Override
    protected int execute() {
        err().println("realdb demo: creating the sample project and a " + DemoWorkspace.INSTANCES
                + "-row dataset in " + out.resolve("inputs"));
        String engineId = io.realdb.engine.db.DatabaseEngines.standard().get(engine).id();
        DemoWorkspace workspace = DemoWorkspace.create(out.resolve("inputs").toAbsolutePath(), DemoWorkspace.INSTANCES,
                engineId);
        if (inputsOnly) {
            out().println("Dataset: " + workspace.dataset());
            out().println("Project: " + workspace.project());
            out().println("Run:     realdb run --dataset " + workspace.dataset() + " --project " + workspace.project()
                    + " --trunk " + DemoWorkspace.TRUNK + " --change " + DemoWorkspace.CHANGE + " --out " + out);
            return VerdictRule.EXIT_PASS;
        }
        Runs.clearPublished(out);
        Dataset dataset = new DatasetLoader().load(workspace.dataset());
        RunRequest request = RunRequest.of(dataset, workspace.project().toString(), DemoWorkspace.TRUNK,
                DemoWorkspace.CHANGE, out, ServerSpec.embedded(engineId), ToolEnvironment.scrubbed(List.of(), System::getenv));
        HistoryLocation history = DemoHistory.freshIn(out);
        int code;
        try (PublishOptions.Session session = new PublishOptions.Session(history, new PublishOptions(), out(), err())) {
            code = Runs.runAndReport(request, quiet, out(), err(), new Runs.AfterRun() {
                @Override
                public RunResult judge(RunResult result) {
                    HistoryStore store = session.history();
                    if (store != null) {
                        List<RunResult> samples = DemoHistory.around(result, dataset.limits(), DemoHistory.RUNS);
                        DemoHistory.record(store, samples);
                        out().println("Sample: " + samples.size() + " earlier runs of " + dataset.name() + ", "
                                + DemoHistory.MADE_BY + " around this run's numbers, in " + store.describe());
                    }
                    return session.judge(result, dataset.limits());
                }

                @Override
                public void publish(RunResult result) {
                    session.publish(List.of(result), Map.of(dataset.name(), dataset.limits()), out, true);
                }
            });
        }
        if (code == VerdictRule.EXIT_INFRASTRUCTURE) {
            return VerdictRule.EXIT_INFRASTRUCTURE;
        }
        out().println("The demonstration ran. The verdict above is the demo change's: its migration 3->4 "
                + "rewrites every row of the instances table, and 5->6 copies the table, blocking writes while it "
                + "copies.");
        out().println("Open " + out.resolve("report.html") + " in a browser: the run, and its trends over the sample "
                + "history.");
        return VerdictRule.EXIT_PASS;
    }
}
