package io.realdb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.review.VerdictRule;
import io.realdb.engine.runner.Plan;
import io.realdb.engine.runner.PlannedStep;
import io.realdb.engine.runner.Planner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "plan",
        description = "Prints the steps a run would take, one migration each: phase, from, to and the command, "
                + "in the migration tool's own order. Needs no database: the seed's version comes from --from "
                + "or from the seed's dump of the tool's table.")
final class PlanCommand extends AbstractCommand {

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The dataset folder.")
    Path dataset;

    @Option(names = "--project", required = true, paramLabel = "REPO", description = "The project: a local git folder or a git URL.")
    String project;

    @Option(names = "--trunk", defaultValue = "master", paramLabel = "REF", description = "The target branch. Default: ${DEFAULT-VALUE}.")
    String trunk;

    @Option(names = "--change", required = true, paramLabel = "REF", description = "The change under test.")
    String change;

    @Option(names = "--from", paramLabel = "VERSION",
            description = "The version the seed is at. Default: read from the seed, where the tool can.")
    String from;

    @Option(names = "--migration-config", paramLabel = "FILE",
            description = "A JSON file holding a 'migration' object, used instead of the dataset config's.")
    Path migrationConfig;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    protected int execute() {
        DatasetLoader loader = new DatasetLoader();
        Dataset loaded = loader.load(dataset);
        loader.warnings().forEach(w -> err().println("realdb: warning: " + w));
        Plan plan = Planner.plan(loaded, MigrationConfigOption.read(migrationConfig), project, trunk, change, from);
        if (json) {
            try {
                out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InfrastructureException("cannot write the plan as JSON: " + e.getMessage(), e);
            }
        } else {
            print(plan, out());
        }
        out().flush();
        return VerdictRule.EXIT_PASS;
    }

    private static void print(Plan plan, PrintWriter out) {
        out.println("Plan for dataset " + plan.dataset() + " with the " + plan.tool() + " tool");
        out.println("  seed at " + plan.seedVersion() + " (" + plan.seedSource() + "), expected final version "
                + plan.expectedFinal());
        int phaseWidth = "phase".length();
        int stepWidth = "step".length();
        for (PlannedStep step : plan.steps()) {
            phaseWidth = Math.max(phaseWidth, step.phase().id().length());
            stepWidth = Math.max(stepWidth, step.key().length());
        }
        String row = "%-" + phaseWidth + "s  %-" + stepWidth + "s  %s%n";
        out.println();
        out.printf(row, "phase", "step", "command");
        for (PlannedStep step : plan.steps()) {
            out.printf(row, step.phase().id(), step.key(), step.command());
        }
        if (plan.steps().isEmpty()) {
            out.println("(no steps)");
        }
        for (String note : plan.notes()) {
            out.println("note: " + note);
        }
    }
}
