package io.realdb.engine.migration;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a step that a Java library runs (Flyway, Liquibase): realdb's own Java
 * and class path, and the step's main class, in a process of its own, so that the change's code
 * never runs inside realdb's JVM.
 */
public final class JavaStepCommand {

    /** Stands for realdb's class path where a step's command line is shown to people. */
    public static final String CLASSPATH_SHOWN = "{classpath}";

    private JavaStepCommand() {
    }

    /** {@code java [options] -cp CLASSPATH MAIN ARGS...} with realdb's class path. */
    public static List<String> of(Class<?> main, List<String> args) {
        return of(main, args, classPath());
    }

    /** The same, with {@link #CLASSPATH_SHOWN} for the class path: what {@code realdb plan} prints. */
    public static List<String> shown(Class<?> main, List<String> args) {
        return of(main, args, CLASSPATH_SHOWN);
    }

    private static List<String> of(Class<?> main, List<String> args, String classPath) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // One migration per process: the simple collector and compiler halve the JVM's start-up. Without
                // a perf data file, JVMs that are all process 1 in their namespaces do not trip over each other's.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", classPath, main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * realdb's class path with every entry absolute, since steps run in the checkout and
     * {@code java -jar realdb-cli.jar} has a relative one. A jar's manifest {@code Class-Path}
     * (the command line's {@code lib/}) is read from {@code -cp} as from {@code -jar}.
     */
    public static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
