package io.realdb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code realdb} command line. */
@Command(name = "realdb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Continuous integration for database migrations: runs a change's migrations on copies "
                + "of real databases, step by step, and judges each step against its limits.",
        subcommands = {RunCommand.class, PlanCommand.class, DatasetCommand.class, CleanupCommand.class, AnalyzeCommand.class,
                ReportCommand.class, HistoryCommand.class,
                LimitsCommand.class, DemoCommand.class, ScanCommand.class, MessageCommand.class, VoteCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  pass",
                "  1  the change fails: findings against it",
                "  2  bad input: a missing folder, broken config, unknown ref",
                "  3  infrastructure error: server died, disk full, fetch failed (not the change's fault)",
                "  4  pass with warnings",
                "Of several datasets, a failure outweighs an infrastructure error, which outweighs warnings."})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** {@code -h}/{@code --help} on every subcommand, at every depth: usage on stdout, exit 0. */
    private static void addHelpOption(CommandLine command) {
        if (!command.getCommandSpec().optionsMap().containsKey("--help")) {
            command.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                    .usageHelp(true).description("Show this help and exit.").build());
        }
        command.getSubcommands().values().forEach(Main::addHelpOption);
    }

    /** Runs the command line with the given streams; only {@link #main} exits the JVM. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main())
                .setOut(out)
                .setErr(err);
        commandLine.getSubcommands().values().forEach(Main::addHelpOption);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
