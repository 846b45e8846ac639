package io.streambind.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time the hypervisor gave to other guests while this one's vCPUs wanted it ("steal" in
 * /proc/stat), summed over the CPUs: on a shared host it explains runs of the same work that take
 * very different times. NaN where /proc/stat does not exist.
 */
final class HostSteal {
    private static final Path STAT = Path.of("/proc/stat");
    private static final double TICKS_PER_SECOND = 100;
    private static final int STEAL_FIELD = 8;

    private HostSteal() {}

    static double seconds() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            return lines.isEmpty() ? Double.NaN : parse(lines.get(0));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Steal seconds of the aggregate "cpu" line of /proc/stat; NaN if it has no steal field. */
    static double parse(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length <= STEAL_FIELD) {
            return Double.NaN;
        }
        return Long.parseLong(fields[STEAL_FIELD]) / TICKS_PER_SECOND;
    }
}
