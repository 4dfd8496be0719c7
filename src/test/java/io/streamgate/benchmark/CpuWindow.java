package io.streamgate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The CPU time some JVMs on this machine have used since the window opened, all their threads together,
 * from /proc (Linux): the service's, or Spark alone's (the benchmark's own JVM) with the broker it reads from.
 */
record CpuWindow(long[] pids, double cpuAtStart, double compilerAtStart, long nanosAtStart) {

    /** Opens a window over these processes. */
    static CpuWindow over(long... pids) {
        return new CpuWindow(pids, cpuSecondsOf(pids), compilerCpuSecondsOf(pids), System.nanoTime());
    }

    /** Seconds since the window opened. */
    double seconds() {
        return (System.nanoTime() - nanosAtStart) / 1e9;
    }

    /** CPU seconds used since the window opened. */
    double cpuSeconds() {
        return cpuSecondsOf(pids) - cpuAtStart;
    }

    /** Of {@link #cpuSeconds()}, those of the JIT compiler threads. */
    double compilerCpuSeconds() {
        return compilerCpuSecondsOf(pids) - compilerAtStart;
    }

    /** Cores used on average since the window opened. */
    double cores() {
        return cpuSeconds() / seconds();
    }

    /** Of {@link #cores()}, those the JIT compiler threads used. */
    double compilerCores() {
        return compilerCpuSeconds() / seconds();
    }

    /** {@link #cpuSeconds()} for each million of these rows: the drains' unit, core-seconds. */
    double cpuSecondsPerMillion(double rows) {
        return cpuSeconds() * 1e6 / rows;
    }

    /** {@link #compilerCpuSeconds()} for each million of these rows. */
    double compilerSecondsPerMillion(double rows) {
        return compilerCpuSeconds() * 1e6 / rows;
    }

    private static double cpuSecondsOf(long[] pids) {
        return Arrays.stream(pids).mapToDouble(pid -> {
            try {
                return cpuSecondsIn(Path.of("/proc", String.valueOf(pid), "stat"));
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }).sum();
    }

    /**
     * What a fresh JVM spends compiling its hot paths, which a 2-core machine takes from everything else.
     * Threads the JVM has already let go of are not counted.
     */
    private static double compilerCpuSecondsOf(long[] pids) {
        return Arrays.stream(pids).mapToDouble(CpuWindow::compilerCpuSeconds).sum();
    }

    private static double compilerCpuSeconds(long pid) {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        seconds += cpuSecondsIn(task.resolve("stat"));
                    }
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
            return seconds;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** User and system time in a process's or thread's {@code stat} file, in seconds (clock ticks of 10 ms). */
    private static double cpuSecondsIn(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }
}
