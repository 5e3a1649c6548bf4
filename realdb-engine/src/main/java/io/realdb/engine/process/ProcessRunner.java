package io.realdb.engine.process;

import io.realdb.engine.text.LineReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command with a given environment (nothing inherited), streams its output
 * line by line, and kills it with its whole process tree when it runs over its time.
 */
public final class ProcessRunner {

    /** Receives each line the command prints; {@code stderr} tells which stream. */
    @FunctionalInterface
    public interface LineSink {
        void line(boolean stderr, String line);
    }

    /** How a command ended. {@code exitCode} is -1 when it was killed. */
    public record Outcome(int exitCode, boolean timedOut, Duration elapsed) {
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /** The command could not be started at all: missing program, no permission. */
    public static final class LaunchException extends Exception {
        public LaunchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A tool that prints megabytes without a newline must not decide how much memory realdb needs. */
    static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Commands running now, killed with their trees if the JVM is told to stop (a CI's abort). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> RUNNING.forEach(process -> killTree(process.toHandle())), "realdb-kill-commands"));
    }

    private ProcessRunner() {
    }

    public static Outcome run(List<String> command, Path workDir, Map<String, String> environment,
                              Duration timeout, LineSink sink) throws LaunchException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LaunchException("cannot start '" + command.get(0) + "': " + rootMessage(e), e);
        }
        RUNNING.add(process);
        try {
            return await(command, process, start, timeout, sink);
        } finally {
            RUNNING.remove(process);
        }
    }

    private static Outcome await(List<String> command, Process process, long start, Duration timeout, LineSink sink) {
        Thread out = pump(process.getInputStream(), false, sink);
        Thread err = pump(process.getErrorStream(), true, sink);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
        // Measured before the kill: the budget is about the command, not about cleaning up after it.
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!finished) {
            killTree(process.toHandle());
        }
        join(out);
        join(err);
        return finished ? new Outcome(process.exitValue(), false, elapsed) : new Outcome(-1, true, elapsed);
    }

    /**
     * Kills a process and everything it started. Descendants are collected first, because once
     * the parent dies its children are re-parented and no longer found through it.
     */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : descendants) {
            handle.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        root.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
    }

    private static Thread pump(InputStream stream, boolean stderr, LineSink sink) {
        Thread thread = new Thread(() -> {
            try (InputStreamReader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                LineReader lines = new LineReader(reader, MAX_LINE_LENGTH);
                String line;
                long cut = 0;
                while ((line = lines.readLine()) != null) {
                    if (lines.cutLines() > cut) {
                        cut = lines.cutLines();
                        line = line + " [line cut at " + MAX_LINE_LENGTH + " characters]";
                    }
                    sink.line(stderr, line);
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; what was read is kept.
            }
        }, "realdb-output-" + (stderr ? "err" : "out"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            // A grandchild that kept the pipe open must not hold the run: stop waiting after a while.
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
