package io.realdb.engine.migration;

import io.realdb.engine.process.ProcessRunner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one command of a migration tool the way every tool's commands run: in the checkout,
 * inside the sandbox, within the step's time budget, with the scrubbed environment plus the
 * variables through which it finds its database.
 */
public final class ToolProcess {

    private ToolProcess() {
    }

    /** Runs {@code command}, writing its output into the run's log. */
    public static StepOutcome run(MigrationContext context, List<String> command) {
        return run(context, command, Map.of(), (stderr, line) -> context.log().toolOutput(stderr, line));
    }

    /**
     * @param extra variables of the tool's own, added to the environment
     * @param sink  sees each line the command prints
     */
    public static StepOutcome run(MigrationContext context, List<String> command, Map<String, String> extra,
                                  ProcessRunner.LineSink sink) {
        Map<String, String> environment = new HashMap<>(context.environment());
        environment.putAll(DatabaseEnvironment.of(context.server().engineId(), context.sandbox().inside(context.connection()), context.database()));
        environment.putAll(extra);
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(context.sandbox().wrap(command), context.checkout(),
                    environment, context.stepTimeout(), sink);
            StepOutcome result;
            if (outcome.timedOut()) {
                result = StepOutcome.failed(StepOutcome.killedAfter(outcome.elapsed(), context.stepTimeout()));
            } else {
                result = outcome.exitCode() == 0 ? StepOutcome.done() : StepOutcome.failed("exit code " + outcome.exitCode());
            }
            return result.ranFor(outcome.elapsed());
        } catch (ProcessRunner.LaunchException e) {
            return StepOutcome.notRun(e.getMessage());
        }
    }
}
