package io.realdb.engine.sandbox;

import io.realdb.engine.BadInputException;

import java.util.List;

/**
 * What each process of a migration command may take, set with {@code prlimit} inside the bwrap
 * sandbox. The limits hold per process (the kernel's resource limits), except the number of
 * processes, which counts the sandbox's processes and threads together: the sandbox's user lives
 * in a user namespace of its own, where the kernel counts them apart from the host's.
 *
 * @param memoryMib  address space (RLIMIT_AS) in MiB. A JVM reserves about 3 GiB of it: it sizes
 *                   its heap to half the limit and keeps 1 GiB for class metadata, and uses a
 *                   fraction of that
 * @param processes  processes and threads (RLIMIT_NPROC): a fork bomb stops here
 * @param fileMib    the largest file a process may write (RLIMIT_FSIZE), in MiB; in the bwrap
 *                   sandbox also what each writable folder may hold beyond what it starts with
 * @param cpuSeconds CPU time (RLIMIT_CPU) in seconds: a busy loop is killed even within a long
 *                   step budget
 */
public record ResourceLimits(long memoryMib, long processes, long fileMib, long cpuSeconds) {

    /**
     * Room for the steps measured, well below a CI agent's size: Alembic or sqlalchemy-migrate
     * under Python peak at about 60 MiB of address space; realdb's Flyway and Liquibase JVMs
     * start from 3 GiB (2.5 GiB is refused), with 14 threads of their own, and take seconds of CPU.
     */
    public static final ResourceLimits DEFAULT = new ResourceLimits(4096, 256, 512, 3600);

    private static final long MIB = 1024L * 1024L;

    public ResourceLimits {
        if (memoryMib <= 0 || processes <= 0 || fileMib <= 0 || cpuSeconds <= 0) {
            throw new BadInputException("resource limits must be above 0: memory " + memoryMib + " MiB, "
                    + processes + " processes, file size " + fileMib + " MiB, CPU time " + cpuSeconds + " s");
        }
    }

    public long fileBytes() {
        return fileMib * MIB;
    }

    /** {@code prlimit ... --}: the command line that runs a command under these limits. */
    List<String> prlimit(String prlimit) {
        return List.of(prlimit,
                "--as=" + memoryMib * MIB,
                "--nproc=" + processes,
                "--fsize=" + fileBytes(),
                "--cpu=" + cpuSeconds,
                "--");
    }

    /** For the log. */
    public String describe() {
        return "limits per process: " + memoryMib + " MiB of address space, " + processes + " processes and threads, "
                + "files up to " + fileMib + " MiB, " + cpuSeconds + " s of CPU time";
    }
}
