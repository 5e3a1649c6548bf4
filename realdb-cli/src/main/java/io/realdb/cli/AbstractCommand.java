package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.SeedRestoreException;
import io.realdb.engine.log.Sanitizer;
import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of every subcommand: the one place where exceptions become exit codes. A subcommand
 * only calls the engine and says which verdict it reached.
 */
abstract class AbstractCommand implements Callable<Integer> {

    /** Messages may quote a URL or a command line: what goes to the console is sanitised too. */
    private static final Sanitizer CLEAN = Sanitizer.standard();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (BadInputException e) {
            err().println("realdb: " + CLEAN.clean(e.getMessage()));
            return VerdictRule.EXIT_BAD_INPUT;
        } catch (SeedRestoreException e) {
            // Outside a run (which reports it in its log and verdict) a seed the server refuses is the dataset's fault.
            err().println("realdb: " + CLEAN.clean(e.getMessage()));
            return VerdictRule.EXIT_BAD_INPUT;
        } catch (InfrastructureException e) {
            err().println("realdb: infrastructure error (not the change's fault): " + CLEAN.clean(e.getMessage()));
            return VerdictRule.EXIT_INFRASTRUCTURE;
        } catch (Throwable e) {
            // A bug in realdb, a broken installation or a JVM out of memory: none is the change's fault.
            err().println("realdb: internal error: " + CLEAN.clean(String.valueOf(e)));
            for (StackTraceElement frame : e.getStackTrace()) {
                err().println("\tat " + frame);
            }
            return VerdictRule.EXIT_INFRASTRUCTURE;
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
