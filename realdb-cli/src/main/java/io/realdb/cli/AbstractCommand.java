package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of every subcommand: the one place where exceptions become exit codes. A subcommand
 * only calls the engine and says which verdict it reached.
 */
abstract class AbstractCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (BadInputException e) {
            err().println("realdb: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (InfrastructureException e) {
            err().println("realdb: infrastructure error (not the change's fault): " + e.getMessage());
            return ExitCodes.INFRASTRUCTURE;
        } catch (RuntimeException e) {
            // A bug in realdb is not the change's fault either.
            err().println("realdb: internal error: " + e);
            e.printStackTrace(err());
            return ExitCodes.INFRASTRUCTURE;
        }
    }

    protected abstract int execute();

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
