package dev.charter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds and resident memory of a process, read from /proc (Linux). */
final class ServerProbe {

    /** This JVM: the load generator. */
    static final ServerProbe GENERATOR = new ServerProbe(ProcessHandle.current().pid());

    private static final double CLOCK_TICKS = 100.0;
    private final long pid;

    ServerProbe(long pid) {
        this.pid = pid;
    }

    /** User + system CPU time in seconds. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of every PostgreSQL process on this machine, including backends that already exited
     * (their time is in the postmaster's children's time); a delta over a run is PostgreSQL's share.
     */
    static double postgresCpuSeconds() {
        double total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(
                            p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total += (Long.parseLong(fields[11])
                                    + Long.parseLong(fields[12])
                                    + Long.parseLong(fields[13])
                                    + Long.parseLong(fields[14]))
                            / CLOCK_TICKS;
                } catch (IOException | RuntimeException e) {
                    // the process exited meanwhile
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return total;
    }

    /** Resident set size in MiB. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or process gone
        }
        return Double.NaN;
    }
}
